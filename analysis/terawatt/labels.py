"""Readable labels for plots and tables, taken from the program's own documentation rather than typed here.

`terawatt keys` prints the scenario reference (one Markdown table per section such as `sites[]`, with each key's
meaning) and `terawatt outputs` the output reference (one table per group, with each variable's meaning, its
long_name). `reference()` reads both once per program; `parameter_label('clusters.h100-pod.power_cap')` is then
'board power limit per accelerator, h100-pod' and `metric_label('workload_emissions.llm-13b')` 'workload emissions
(llm-13b)'. A variable read from a file is labelled by its own `long_name` (`variable_label`). Without a program
(none given, no $TERAWATT_PROGRAM, none on the PATH) the labels are the key paths and names themselves.
"""

import functools
import re
import subprocess
from collections import namedtuple

# keys: {section ('sites[]', 'sites[].grid', 'workloads[] (type: inference)'): {key: meaning}};
# outputs: {group ('summary', 'timeseries'): {variable: (dims, meaning)}};
# contexts: the lead-ins of key meanings that say when a key applies rather than what it is ('Text: input tokens',
# 'Autoscaling: fewest serving replicas', 'With a constant PUE: ...'), skipped by the labels.
Reference = namedtuple("Reference", "keys outputs contexts")
EMPTY = Reference({}, {}, frozenset())
CONDITION_WORDS = ("With ",)  # a lead-in that starts so is a condition ('With a constant PUE:')
REDUCERS = ("sum", "min", "max", "mean")  # the reductions a sweep metric may name (README, Sweeps)
PROGRAM_TIMEOUT_S = 30  # `terawatt keys` and `outputs` print a table in milliseconds: anything longer is a hang


def reference(program=None):
    """The scenario and output references of `program` (terawatt.simulate.find_program's choice), or an empty
    Reference when there is no program or it cannot print them."""
    from .simulate import find_program

    try:
        chosen = find_program(program)
    except FileNotFoundError:
        return EMPTY
    return _reference_of(chosen)


@functools.lru_cache(maxsize=None)
def _reference_of(program):
    try:
        keys = subprocess.run([program, "keys"], capture_output=True, text=True, check=True,
                              timeout=PROGRAM_TIMEOUT_S).stdout
        outputs = subprocess.run([program, "outputs"], capture_output=True, text=True, check=True,
                                 timeout=PROGRAM_TIMEOUT_S).stdout
    except (OSError, subprocess.SubprocessError):
        return EMPTY
    return parse_reference(keys, outputs)


def parse_reference(keys_markdown, outputs_markdown):
    """A Reference from the Markdown of `terawatt keys` and `terawatt outputs`."""
    keys = {section: {name: cells[-1] for name, cells in rows.items()}
            for section, rows in _tables(keys_markdown, r"^#### `(.+?)`(.*)$").items()}
    outputs = {section.strip("/"): {name: (cells[0], cells[-1]) for name, cells in rows.items()}
               for section, rows in _tables(outputs_markdown, r"^\*\*`(.+?)`\*\*()$").items()}
    return Reference(keys, outputs, _contexts([m for rows in keys.values() for m in rows.values()]))


def _contexts(meanings):
    """Lead-ins before a ':' that several meanings share ('Text', 'Image or video', 'Autoscaling') or that start
    with a condition word: they say when a key applies, not what it is."""
    lead_ins = [_plain(m).split(": ", 1)[0] for m in meanings if ": " in _plain(m)]
    return frozenset(lead for lead in lead_ins if lead_ins.count(lead) > 1 or lead.startswith(CONDITION_WORDS))


def _tables(markdown, heading):
    """{section: {first cell without backticks: [the other cells]}} of the tables under each heading."""
    tables, section = {}, None
    for line in markdown.splitlines():
        match = re.match(heading, line)
        if match:
            section = match.group(1) + match.group(2)
            tables.setdefault(section, {})
            continue
        if section is None or not line.startswith("| `"):
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        tables[section].setdefault(cells[0].strip("`"), cells[1:])
    return tables


def phrase(text, contexts=frozenset()):
    """The naming phrase of a description: its first clause after any lead-in in `contexts`, without remarks in
    parentheses or Markdown, with a lower-case first letter unless it begins an acronym. 'Board power limit per
    accelerator (nvidia-smi -pl). Absent: the TDP.' -> 'board power limit per accelerator'; 'end time: end time
    after ...' -> 'end time'; 'Text: input tokens (prefill).' -> 'input tokens' when 'Text' is a context."""
    text = _plain(text)
    lead_in, _, rest = text.partition(": ")
    text = rest if rest and lead_in in contexts else text
    text = re.split(r"[:;,]\s|\.(?:\s|$)", text, maxsplit=1)[0].strip()
    if len(text) > 1 and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _plain(text):
    """`text` without remarks in parentheses (nested ones too) and without Markdown emphasis and code marks."""
    text = str(text).replace("`", "").replace("**", "")
    while True:
        shorter = re.sub(r"\s*\([^()]*\)", "", text)
        if shorter == text:
            return text
        text = shorter


def parameter_label(key_path, ref=EMPTY):
    """A swept key path as words: 'sites.iowa.pue' -> 'constant power usage effectiveness, iowa'; the key path
    itself when the reference has no such key."""
    parts = str(key_path).split(".")
    section, names = parts[0], []
    for part in parts[1:-1]:
        if _is_list(ref, section):
            section += "[]"
            names.append(part)  # the element's name or index
        else:
            section += "." + part
    meaning = _key_meaning(ref, section, parts[-1]) if len(parts) > 1 else None
    if meaning is None:
        return str(key_path)
    return ", ".join([phrase(meaning, ref.contexts)] + names)


def _is_list(ref, section):
    return any(name == section + "[]" or name.startswith(section + "[] ") for name in ref.keys)


def _key_meaning(ref, section, key):
    """The meaning of `key` in `section` or in a variant of it ('workloads[] (type: inference)')."""
    for name, keys in ref.keys.items():
        if (name == section or name.startswith(section + " (")) and key in keys:
            return keys[key]
    return None


def metric_label(column, ref=EMPTY, fallback=None):
    """A sweep metric column as words: 'workload_emissions.llm-13b' -> 'workload emissions (llm-13b)',
    'end_time.max' -> 'end time (max over workloads)'. `fallback` (else the column) when the reference has no
    such variable."""
    variable, *qualifiers = str(column).split(".")
    found = _output(ref, variable)
    if found is None:
        return fallback or str(column)
    dims, meaning = found
    notes = [q for q in qualifiers if q not in REDUCERS]
    notes += [f"{q} over {dims}s" for q in qualifiers if q in REDUCERS]
    return f"{phrase(meaning)} ({', '.join(notes)})" if notes else phrase(meaning)


def _output(ref, variable):
    for group in ("summary", "projection", "timeseries"):
        if variable in ref.outputs.get(group, {}):
            return ref.outputs[group][variable]
    return None


def variable_label(data):
    """A DataArray's label from its own `long_name` attribute (its name without one)."""
    long_name = data.attrs.get("long_name")
    return phrase(long_name) if long_name else str(data.name)
