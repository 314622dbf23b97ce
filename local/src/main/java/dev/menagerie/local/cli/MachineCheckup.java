package dev.menagerie.local.cli;

import dev.menagerie.local.cli.Finding.State;
import dev.menagerie.local.cli.Finding.Use;
import dev.menagerie.local.cloud.Ports;
import dev.menagerie.local.sfn.LocalTrainingJob;
import dev.menagerie.local.sfn.TaskFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of {@code ./menagerie doctor} on this machine's resources rather than its programs:
 * the API's port, free disk, and whether the training job's convolution kernels are correct on this
 * CPU.
 */
final class MachineCheckup {
  /** The main class in the training module that runs the kernel check and prints its choice. */
  static final String KERNEL_REPORT_MAIN = "dev.menagerie.training.kernels.KernelReport";

  /** Free space the data directory and the temporary directory each need (with a margin). */
  static final long DISK_NEEDED = 1L << 30;

  private static final String BUILD_TRAINING = "`mvn -B -q package -DskipTests -pl training -am`";

  private final Path repoRoot;

  MachineCheckup(Path repoRoot) {
    this.repoRoot = repoRoot;
  }

  /**
   * The API's port on 127.0.0.1 ({@code --port}, 0 for any) and the loopback ports the local
   * cloud's servers pick for themselves.
   */
  Finding port(int port, Path data) {
    Set<Use> demo = Set.of(Use.DEMO);
    int ephemeral;
    try {
      ephemeral = Ports.free();
    } catch (UncheckedIOException e) {
      return new Finding(
          "port",
          State.FAILED,
          "no free port on loopback for dynalite, S3Mock and the state machines: "
              + e.getCause().getMessage(),
          "free loopback ports (this machine's ephemeral range is exhausted or blocked)",
          demo);
    }
    String others =
        "free loopback ports for dynalite, S3Mock and the state machines (e.g. " + ephemeral + ")";
    if (port == 0) {
      return Finding.ok("port", "--port 0: the API takes any free port; " + others, demo);
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return Finding.ok("port", "127.0.0.1:" + port + " is free for the API; " + others, demo);
    } catch (IOException taken) {
      String fix = "stop what listens there, or pass --port N to demo and up (0 = any free port)";
      Optional<Endpoints> running = runningLocalCloud(data, port);
      if (running.isPresent()) {
        return new Finding(
            "port",
            State.IN_USE,
            "127.0.0.1:"
                + port
                + " is the API of the local cloud already running with data in "
                + data
                + " (pid "
                + running.get().pid()
                + ")",
            "use it, or stop it (Ctrl-C in its terminal), or start another with --data DIR --port"
                + " N",
            demo);
      }
      return new Finding(
          "port", State.IN_USE, "127.0.0.1:" + port + " is taken by another program", fix, demo);
    }
  }

  private static Optional<Endpoints> runningLocalCloud(Path data, int port) {
    try {
      Endpoints endpoints = Endpoints.read(data);
      boolean alive = ProcessHandle.of(endpoints.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive && URI.create(endpoints.apiUrl()).getPort() == port
          ? Optional.of(endpoints)
          : Optional.empty();
    } catch (IOException | RuntimeException noneThere) {
      return Optional.empty();
    }
  }

  /** Free space for the data directory and for the training job's temporary directory. */
  Finding disk(Path data) throws IOException {
    Set<Use> demo = Set.of(Use.DEMO);
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> low = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Path dir : List.of(data, temp)) {
      long usable = Files.getFileStore(nearestExisting(dir)).getUsableSpace();
      String free =
          String.format(Locale.ROOT, "%s: %.1f GiB free", dir, usable / (double) (1L << 30));
      seen.add(free);
      if (usable < DISK_NEEDED) {
        low.add(free);
      }
    }
    if (!low.isEmpty()) {
      return new Finding(
          "disk",
          State.LOW,
          String.join("; ", low) + " (1 GiB needed for the library, models, tables and training)",
          "free space there, or pass --data DIR on a disk with room (and set TMPDIR for the"
              + " temporary directory)",
          demo);
    }
    return Finding.ok("disk", String.join("; ", seen) + " (1 GiB each needed)", demo);
  }

  /**
   * The training job's kernel check (4-7 s): whether some convolution kernels compute this network
   * correctly on this CPU, and which the job would pick.
   */
  Finding kernels() throws IOException {
    Set<Use> users = Set.of(Use.DEMO, Use.TESTS, Use.BENCH);
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      exit = LocalTrainingJob.runTrainingMain(repoRoot, KERNEL_REPORT_MAIN, List.of(), lines::add);
    } catch (TaskFailure notBuilt) {
      return new Finding(
          "kernels",
          State.NOT_CHECKED,
          "the training job is not built",
          BUILD_TRAINING + " (./menagerie doctor, demo and train build it)",
          users);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during the kernel check", e);
    }
    for (String line : lines) {
      String[] fields = line.split("\t", 5);
      if (exit == 0 && fields.length == 5 && fields[0].equals("kernels")) {
        return Finding.ok(
            "kernels",
            "the training job would pick "
                + fields[1]
                + ": "
                + fields[2]
                + "; checked in "
                + fields[3]
                + " s: "
                + fields[4],
            users);
      }
      if (line.startsWith("none\t")) {
        return new Finding(
            "kernels",
            State.FAILED,
            line.substring("none\t".length()),
            "no fix on this CPU: training here would give a useless model (see training/README.md,"
                + " \"Kernels\")",
            users);
      }
    }
    return new Finding(
        "kernels",
        State.FAILED,
        "the check exited with status "
            + exit
            + (lines.isEmpty() ? " and no output" : "; last line: " + lines.get(lines.size() - 1)),
        "run `./menagerie trainjob --help` to see that the training job starts; see"
            + " training/README.md, \"Kernels\"",
        users);
  }

  private static Path nearestExisting(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? Path.of("/") : p;
  }
}
