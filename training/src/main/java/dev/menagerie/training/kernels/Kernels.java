package dev.menagerie.training.kernels;

import java.util.Locale;

/**
 * How the network's convolutions run on this machine: the oneDNN ISA cap the process runs under,
 * the memory layout of the activations, and whether 1 × 1 convolutions are computed as a matrix
 * multiply. {@link KernelSelection} picks it per machine; {@link
 * dev.menagerie.training.arch.DjlNetwork} builds the network for it. The values a network computes
 * are the same whichever is chosen (the check compares each against a float64 run); only speed and
 * correctness on broken CPUs differ.
 *
 * @param isa the {@code ONEDNN_MAX_CPU_ISA} the process runs under, or {@link #UNCAPPED} when
 *     oneDNN picks the CPU's best
 * @param channelsLast activations in channels-last (NHWC) memory, converted once after the input's
 *     normalisation; otherwise NCHW
 * @param matmul1x1 stride-1 1 × 1 convolutions as a matrix multiply over channels-last memory (only
 *     with {@code channelsLast})
 */
public record Kernels(String isa, boolean channelsLast, boolean matmul1x1) {
  /** The {@link #isa} of a process without {@code ONEDNN_MAX_CPU_ISA}. */
  public static final String UNCAPPED = "uncapped";

  /** The environment variable {@link #encode} is passed in to a re-launched job. */
  public static final String ENVIRONMENT = "MENAGERIE_KERNELS";

  /** PyTorch's defaults: NCHW, every convolution by oneDNN, no ISA cap. */
  public static final Kernels DEFAULT = new Kernels(UNCAPPED, false, false);

  public Kernels {
    if (isa == null || isa.isBlank()) {
      throw new IllegalArgumentException("isa must be an ONEDNN_MAX_CPU_ISA value or " + UNCAPPED);
    }
    if (matmul1x1 && !channelsLast) {
      throw new IllegalArgumentException(
          "1x1 convolutions as matmul need the channels-last layout");
    }
  }

  /** The three layouts a check tries, fastest first where all are correct (measured). */
  public enum Mode {
    NCHW(false, false),
    CHANNELS_LAST_MATMUL_1X1(true, true),
    CHANNELS_LAST(true, false);

    final boolean channelsLast;
    final boolean matmul1x1;

    Mode(boolean channelsLast, boolean matmul1x1) {
      this.channelsLast = channelsLast;
      this.matmul1x1 = matmul1x1;
    }

    /** This mode's kernels under {@code isa}. */
    public Kernels at(String isa) {
      return new Kernels(isa, channelsLast, matmul1x1);
    }

    /** The name the check prints (lower case, dashes). */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Mode ofLabel(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** The ISA of this process: its {@code ONEDNN_MAX_CPU_ISA}, or {@link #UNCAPPED}. */
  public static String processIsa() {
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    return isa == null || isa.isBlank() ? UNCAPPED : isa.trim();
  }

  /** The layout part, as the check names it. */
  public Mode mode() {
    return !channelsLast
        ? Mode.NCHW
        : matmul1x1 ? Mode.CHANNELS_LAST_MATMUL_1X1 : Mode.CHANNELS_LAST;
  }

  /** {@code isa/mode}, read back by {@link #decode}. */
  public String encode() {
    return isa + "/" + mode().label();
  }

  /** The kernels {@link #encode} wrote. */
  public static Kernels decode(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException(
          "kernels '" + text + "' should read ISA/MODE, e.g. uncapped/channels-last-matmul-1x1");
    }
    try {
      return Mode.ofLabel(text.substring(slash + 1)).at(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "kernels '"
              + text
              + "': unknown layout; expected one of nchw, channels-last-matmul-1x1, channels-last",
          e);
    }
  }

  /** For people: "channels-last, 1x1 as matmul, ISA uncapped". */
  public String describe() {
    return (channelsLast ? "channels-last" : "NCHW")
        + (channelsLast ? (matmul1x1 ? ", 1x1 as matmul" : ", 1x1 as conv") : "")
        + ", ISA "
        + (UNCAPPED.equals(isa) ? "uncapped (oneDNN's best for this CPU)" : isa);
  }
}
