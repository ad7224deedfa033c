#!/usr/bin/env bash
# Builds CloudSim Plus 8.5.7 from its public source with plain javac and Debian's jars (no Maven: Maven would
# download the dependencies, which Debian already ships), then the comparison program JobsBench.java.
#
# Usage: bench/cloudsim/build.sh [SOURCE]
#   SOURCE (or $CLOUDSIM_SOURCE): a CloudSim Plus git directory (a clone, or a bare repository) from which tag
#   v8.5.7 is taken (or $CLOUDSIM_REF), or a source folder (with lombok.config and src/main/java). Absent: the
#   repository is cloned from GitHub at tag v8.5.7.
# Everything fetched or built goes to the cache folder, outside this repository:
#   ${TERAWATT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terawatt-bench}
# It prints the classpath that runs the program on its last line, and writes it to $cache/classpath.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ref=${CLOUDSIM_REF:-v8.5.7}
url=https://github.com/cloudsimplus/cloudsimplus.git
cache=${TERAWATT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terawatt-bench}
source=${1:-${CLOUDSIM_SOURCE:-}}
mkdir -p "$cache"

# Debian package -> the jar it installs in /usr/share/java. CloudSim Plus 8.5.7's pom.xml names these
# libraries; Debian 12's versions compile it (lombok 1.18.24, commons-math3 3.6.1, commons-lang3 3.12,
# commons-collections4 4.2, gson 2.10, slf4j 1.7.32, logback 1.2.11, jetbrains annotations 23).
jars=(
  liblombok-java:lombok.jar
  libcommons-math3-java:commons-math3.jar
  libcommons-lang3-java:commons-lang3.jar
  libcommons-collections4-java:commons-collections4.jar
  libgoogle-gson-java:gson.jar
  libslf4j-java:slf4j-api.jar
  liblogback-java:logback-classic.jar
  liblogback-java:logback-core.jar
  libjetbrains-annotations-java:org.jetbrains.annotations-java8.jar
)
missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
classpath=""
for entry in "${jars[@]}"; do
  package=${entry%%:*} jar=/usr/share/java/${entry#*:}
  if [[ -f $jar ]]; then
    classpath+=${classpath:+:}$jar
  elif [[ " ${missing[*]} " != *" $package "* ]]; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "build.sh: missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
javac -version 2>&1 | grep -q ' 1[7-9]\| 2[0-9]' || { echo "build.sh: javac 17 or newer needed" >&2; exit 1; }

# 1. The source tree of the wanted version, in $cache/cloudsimplus-$ref.
tree=$cache/cloudsimplus-$ref
if [[ -n $source && -f $source/lombok.config && -d $source/src/main/java ]]; then
  tree=$source  # a source folder, used as it is
elif [[ ! -d $tree/src/main/java ]]; then
  if [[ -z $source ]]; then
    source=$cache/cloudsimplus.git
    [[ -d $source ]] || git clone --bare --quiet --depth 1 --branch "$ref" "$url" "$source"
  fi
  git --git-dir="$(git -C "$source" rev-parse --absolute-git-dir 2>/dev/null || echo "$source")" \
    rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "build.sh: $source has no $ref" >&2; exit 1; }
  rm -rf "$tree.partial" && mkdir -p "$tree.partial"
  git --git-dir="$(git -C "$source" rev-parse --absolute-git-dir 2>/dev/null || echo "$source")" \
    archive "$ref" lombok.config pom.xml src/main | tar -x -C "$tree.partial"
  mv "$tree.partial" "$tree"
fi
version=$(sed -n 's:^    <version>\(.*\)</version>:\1:p' "$tree/pom.xml" | head -1)

# 2. CloudSim Plus itself, once per tree: Lombok runs as javac's annotation processor and reads the repository's
# lombok.config (it looks for it above each source file); module-info.java is left out so that the plain
# classpath works (the Debian jars are not all named modules).
classes=$cache/classes-cloudsimplus-${version:-$ref}
if [[ ! -f $classes/.built ]]; then
  echo "build.sh: compiling CloudSim Plus ${version:-$ref} from $tree (about a minute per core)" >&2
  rm -rf "$classes" && mkdir -p "$classes"
  find "$tree/src/main/java" -name '*.java' ! -name module-info.java >"$cache/sources.txt"
  javac --release 17 -nowarn -encoding UTF-8 -J-Xmx2g -cp "$classpath" \
    -processorpath /usr/share/java/lombok.jar -d "$classes" @"$cache/sources.txt" 2> >(grep -v '^Note:' >&2)
  cp -r "$tree/src/main/resources/." "$classes/"
  touch "$classes/.built"
fi

# 3. The comparison program.
bench=$cache/classes-jobs-bench
rm -rf "$bench" && mkdir -p "$bench"
javac --release 17 -encoding UTF-8 -cp "$classes:$classpath" -d "$bench" "$here/JobsBench.java"
echo "$bench:$classes:${classpath#/usr/share/java/lombok.jar:}" >"$cache/classpath"
echo "build.sh: built CloudSim Plus ${version:-$ref} and JobsBench; classpath in $cache/classpath" >&2
cat "$cache/classpath"
