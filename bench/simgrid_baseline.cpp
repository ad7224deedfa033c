// The bare SimGrid loop the request-fidelity benchmark is compared with (bench/inference.sh): `actors` actors on
// their own single-core hosts, each starting an exec and sleeping to its end, as a replica's actor does per request,
// `activities` execs in all. No terawatt code runs: the rate it prints is what SimGrid itself allows for this
// pattern on this machine. With a third argument `execute`, each actor only loops on execute(): one simcall per
// activity, the fastest SimGrid loop there is (docs/design.md section 9: about 400,000 per second).
// Usage: simgrid_baseline ACTIVITIES ACTORS [replica|execute]
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  namespace sg4 = simgrid::s4u;
  sg4::Engine engine(&argc, argv);
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s ACTIVITIES ACTORS [replica|execute]\n", argv[0]);
    return 2;
  }
  const bool execute_only = argc == 4 && std::string(argv[3]) == "execute";
  const long activities = std::atol(argv[1]);
  const long actors = std::atol(argv[2]);
  if (activities <= 0 || actors <= 0) return 2;
  sg4::NetZone* zone = sg4::create_empty_zone("bench");
  std::vector<sg4::Host*> hosts;
  for (long a = 0; a < actors; ++a) hosts.push_back(zone->create_host("h" + std::to_string(a), 1.0)->seal());
  zone->seal();
  const long per_actor = activities / actors;
  for (long a = 0; a < actors; ++a) {
    sg4::Actor::create("a" + std::to_string(a), hosts[static_cast<std::size_t>(a)], [per_actor, a, execute_only] {
      // Durations differ between actors so that ends do not coincide, as requests' do not.
      const double duration = 1.0 + 0.001 * static_cast<double>(a);
      for (long i = 0; i < per_actor; ++i) {
        if (execute_only) {
          sg4::this_actor::execute(duration);
          continue;
        }
        sg4::ExecPtr exec = sg4::this_actor::exec_init(duration)->start();
        sg4::this_actor::sleep_for(duration);
        sg4::this_actor::sleep_for(0.01);  // the gap to the next arrival: a second wake-up, as in a replica
      }
    });
  }
  const auto begin = std::chrono::steady_clock::now();
  engine.run();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("bare SimGrid (%s): %ld execs on %ld actors in %.2f s: %.0f per wall second\n",
              execute_only ? "execute loop" : "start, sleep to the end, sleep to the next", per_actor * actors, actors,
              wall_s, static_cast<double>(per_actor * actors) / wall_s);
  return 0;
}
