/*
 * The CloudSim Plus 8.5.7 side of the jobs comparison (bench/cloudsim/README.md): the job list of make_jobs.py as
 * cloudlets on a datacenter of hosts with PowerModelHostSimple, and the total energy for a sanity check against
 * terawatt's IT energy of the same jobs.
 *
 * Usage: java -cp CLASSPATH JobsBench JOBS_CSV SERVER_IDLE_W SERVER_TRAINING_W [firstfit|simple]
 *   JOBS_CSV: id,submit_s,servers,duration_s (make_jobs.py); the powers: one terawatt server idle and training
 *   (make_jobs.py writes them to server_power.txt). The placement is the VM allocation policy (default firstfit).
 *
 * The model, one line per choice (README: how the two map):
 * - a host per terawatt server: 8 PEs, one per accelerator, of PE_MIPS each;
 * - two VMs per host, each of half its PEs (10,000 hosts give 20,000 VMs), created at time 0 and kept to the end;
 * - a cloudlet per job: all the PEs of one VM, length duration x PE_MIPS, so that it runs exactly its listed
 *   duration on its VM (CloudletSchedulerSpaceShared: one cloudlet at a time on a VM);
 * - jobs are bound to VMs before the run by earliest-free-VM (the VM that frees first, lowest id on ties): a job
 *   waits only when all 20,000 VMs are busy. This puts no scheduling work on CloudSim Plus, so its time is a
 *   lower bound of what a broker that chooses VMs during the run would take;
 * - PowerModelHostSimple(max, static): static = one terawatt server idle; a busy VM (half the host's PEs) adds one
 *   server's (training - idle), so max = idle + 2 x (training - idle). Power is linear in the busy PEs, so where
 *   the VMs sit changes no energy;
 * - the datacenter's scheduling interval is 60 s, as terawatt's 1-minute samples.
 */

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.cloudsimplus.allocationpolicies.VmAllocationPolicy;
import org.cloudsimplus.allocationpolicies.VmAllocationPolicyFirstFit;
import org.cloudsimplus.allocationpolicies.VmAllocationPolicySimple;
import org.cloudsimplus.brokers.DatacenterBroker;
import org.cloudsimplus.brokers.DatacenterBrokerSimple;
import org.cloudsimplus.cloudlets.Cloudlet;
import org.cloudsimplus.cloudlets.CloudletSimple;
import org.cloudsimplus.core.CloudSimPlus;
import org.cloudsimplus.datacenters.DatacenterSimple;
import org.cloudsimplus.hosts.Host;
import org.cloudsimplus.hosts.HostSimple;
import org.cloudsimplus.power.models.PowerModelHostSimple;
import org.cloudsimplus.resources.Pe;
import org.cloudsimplus.resources.PeSimple;
import org.cloudsimplus.schedulers.cloudlet.CloudletSchedulerSpaceShared;
import org.cloudsimplus.util.Log;
import org.cloudsimplus.vms.Vm;
import org.cloudsimplus.vms.VmSimple;

public final class JobsBench {
    /** Hosts: the comparison's 10,000 servers. */
    private static final int HOSTS = 10_000;
    /** PEs of a host: the 8 accelerators of a dgx-h100 server. */
    private static final int HOST_PES = 8;
    private static final int VMS_PER_HOST = 2;
    /** Speed of one PE in MI per second: any value; lengths are durations times it. */
    private static final long PE_MIPS = 1_000;
    /** 60 s: a datacenter update per minute, the counterpart of terawatt's 1-minute samples. */
    private static final double SCHEDULING_INTERVAL_S = 60;
    /** RAM (MB), bandwidth (Mb/s) and storage (MB) of a host: large enough for its VMs, not modelled. */
    private static final long HOST_RAM = 2_048_000, HOST_BW = 800_000, HOST_STORAGE = 30_000_000;

    private record Job(long id, double submitS, int servers, long durationS) {}

    private JobsBench() {}

    public static void main(final String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: JobsBench JOBS_CSV SERVER_IDLE_W SERVER_TRAINING_W [firstfit|simple]");
            System.exit(2);
        }
        final List<Job> jobs = readJobs(Path.of(args[0]));
        final double idleW = Double.parseDouble(args[1]);
        final double trainingW = Double.parseDouble(args[2]);
        final String placement = args.length == 4 ? args[3] : "firstfit";
        Log.setLevel(Level.WARN); // CloudSim Plus logs every event at INFO: millions of lines

        final long wallStart = System.nanoTime();
        final CloudSimPlus simulation = new CloudSimPlus();
        final List<Host> hosts = makeHosts(idleW, trainingW);
        new DatacenterSimple(simulation, hosts, allocationPolicy(placement))
            .setSchedulingInterval(SCHEDULING_INTERVAL_S);
        final DatacenterBroker broker = new DatacenterBrokerSimple(simulation);
        final List<Vm> vms = makeVms();
        final List<Cloudlet> cloudlets = makeCloudlets(jobs, vms);
        broker.submitVmList(vms);
        broker.submitCloudletList(cloudlets);
        simulation.start();
        final double wallS = (System.nanoTime() - wallStart) * 1e-9;

        report(simulation, broker, hosts, jobs, idleW, trainingW, placement, wallS);
    }

    private static List<Job> readJobs(final Path path) throws IOException {
        final List<Job> jobs = new ArrayList<>();
        final List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty() || !lines.get(0).equals("id,submit_s,servers,duration_s")) {
            throw new IOException(path + ": expected the header id,submit_s,servers,duration_s");
        }
        for (final String line : lines.subList(1, lines.size())) {
            final String[] field = line.split(",");
            final Job job = new Job(Long.parseLong(field[0]), Double.parseDouble(field[1]),
                                    Integer.parseInt(field[2]), Long.parseLong(field[3]));
            if (job.id() != jobs.size()) {
                throw new IOException(path + ": job ids must be 0, 1, 2, ... in order (make_jobs.py)");
            }
            if (job.servers() != 1) {
                // A cloudlet runs inside one VM, and a VM inside one host: a job over several servers has no
                // CloudSim Plus equivalent without splitting it, which would change what is compared.
                throw new IOException(path + ": job " + job.id() + " takes " + job.servers()
                                      + " servers; this comparison maps one job to one VM (make_jobs.py without"
                                      + " --max-servers)");
            }
            jobs.add(job);
        }
        return jobs;
    }

    private static VmAllocationPolicy allocationPolicy(final String placement) {
        return switch (placement) {
            case "firstfit" -> new VmAllocationPolicyFirstFit();
            case "simple" -> new VmAllocationPolicySimple(); // worst fit: the host with the most free PEs
            default -> throw new IllegalArgumentException("placement: firstfit or simple, not " + placement);
        };
    }

    private static List<Host> makeHosts(final double idleW, final double trainingW) {
        final double maxW = idleW + VMS_PER_HOST * (trainingW - idleW);
        final List<Host> hosts = new ArrayList<>(HOSTS);
        for (int h = 0; h < HOSTS; h++) {
            final List<Pe> pes = new ArrayList<>(HOST_PES);
            for (int p = 0; p < HOST_PES; p++) {
                pes.add(new PeSimple(PE_MIPS));
            }
            final Host host = new HostSimple(HOST_RAM, HOST_BW, HOST_STORAGE, pes);
            host.setPowerModel(new PowerModelHostSimple(maxW, idleW));
            host.enableUtilizationStats(); // what CloudSim Plus's energy figures are computed from
            hosts.add(host);
        }
        return hosts;
    }

    private static List<Vm> makeVms() {
        final List<Vm> vms = new ArrayList<>(HOSTS * VMS_PER_HOST);
        for (int v = 0; v < HOSTS * VMS_PER_HOST; v++) {
            final Vm vm = new VmSimple(PE_MIPS, HOST_PES / VMS_PER_HOST, new CloudletSchedulerSpaceShared());
            vm.setRam(HOST_RAM / VMS_PER_HOST).setBw(HOST_BW / VMS_PER_HOST).setSize(HOST_STORAGE / VMS_PER_HOST);
            vms.add(vm);
        }
        return vms;
    }

    /** One cloudlet per job, bound to the VM that is free first (jobs come sorted by submission). */
    private static List<Cloudlet> makeCloudlets(final List<Job> jobs, final List<Vm> vms) {
        // Entries {free from (s), VM index}: the earliest-free VM first, the lowest index on ties.
        final PriorityQueue<double[]> freeVms =
            new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        for (int v = 0; v < vms.size(); v++) {
            freeVms.add(new double[] {0, v});
        }
        final List<Cloudlet> cloudlets = new ArrayList<>(jobs.size());
        for (final Job job : jobs) {
            final double[] slot = freeVms.poll();
            final Cloudlet cloudlet = new CloudletSimple(job.id(), job.durationS() * PE_MIPS, HOST_PES / VMS_PER_HOST);
            cloudlet.setSubmissionDelay(job.submitS());
            cloudlet.setVm(vms.get((int) slot[1]));
            cloudlets.add(cloudlet);
            freeVms.add(new double[] {Math.max(slot[0], job.submitS()) + job.durationS(), slot[1]});
        }
        return cloudlets;
    }

    private static void report(final CloudSimPlus simulation, final DatacenterBroker broker, final List<Host> hosts,
                               final List<Job> jobs, final double idleW, final double trainingW,
                               final String placement, final double wallS) {
        final List<Cloudlet> finished = broker.getCloudletFinishedList();
        double busyVmSeconds = 0, lastEnd = 0, wait = 0, worstDurationError = 0;
        for (final Cloudlet cloudlet : finished) {
            final double ran = cloudlet.getFinishTime() - cloudlet.getStartTime();
            final Job job = jobs.get((int) cloudlet.getId());
            busyVmSeconds += ran;
            lastEnd = Math.max(lastEnd, cloudlet.getFinishTime());
            wait += cloudlet.getStartTime() - job.submitS();
            worstDurationError = Math.max(worstDurationError, Math.abs(ran - job.durationS()));
        }
        // Energy as CloudSim Plus computes it: the power model at each host's mean sampled utilization, over its
        // up time. The samples are taken at processing updates, not weighted by time, so this is an estimate.
        double sampledJ = 0;
        for (final Host host : hosts) {
            sampledJ += host.getPowerModel().getPower(host.getCpuUtilizationStats().getMean()) * host.getTotalUpTime();
        }
        // The same power model integrated exactly over the cloudlets' run times, up to the last job's end: the
        // figure to compare with terawatt's IT energy (the same idle floor up to its last job's end).
        final double exactJ = hosts.size() * idleW * lastEnd + busyVmSeconds * (trainingW - idleW);
        System.out.printf("CloudSim Plus: %d hosts, %d VMs, %d of %d cloudlets finished, placement %s%n",
                          hosts.size(), hosts.size() * VMS_PER_HOST, finished.size(), jobs.size(), placement);
        System.out.printf("simulated: last job ends at %.1f s (clock %.1f s), mean wait %.1f s,"
                          + " worst |run - listed duration| %.3g s%n",
                          lastEnd, simulation.clock(), wait / Math.max(1, finished.size()), worstDurationError);
        System.out.printf("energy: %.6e J from the cloudlets' run times, %.6e J from sampled utilization%n",
                          exactJ, sampledJ);
        System.out.printf("wall: %.2f s building and simulating (JVM start and reading the list excluded)%n", wallS);
    }
}
