package dev.menagerie.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.image.RgbImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measure 2: decode and resize to 299 x 299, ours ({@link ImageDecoder}) versus Pillow with draft
 * mode (Debian's python3-pil for /usr/bin/python3, libjpeg-turbo underneath), in rounds that
 * alternate between the two. Both sides time only the decode and resize of bytes in memory.
 */
final class DecodeBench {
  static final String PYTHON = "/usr/bin/python3";
  static final String SECTION = "2. Decode + resize to 299×299";

  /** JPEG decode + resize over Pillow's draft mode (issue 17). */
  static final double JPEG_GOAL = 1.2;

  /** PNG has no reduced-scale decode on either side (issue 10's goal). */
  static final double PNG_GOAL = 1.5;

  private DecodeBench() {}

  static void run(Options options, Results results) throws Exception {
    Path dir = Files.createDirectories(options.work().resolve("images"));
    byte[] jpeg = Photos.jpeg(Photos.draw(4000, 3000, 21), 0.9f);
    byte[] png = Photos.png(Photos.draw(2000, 1500, 22));
    Path jpegFile = dir.resolve("photo-4000x3000.jpg");
    Path pngFile = dir.resolve("photo-2000x1500.png");
    Files.write(jpegFile, jpeg);
    Files.write(pngFile, png);
    ImageDecoder decoder = new ImageDecoder(new ImageLimits(64L * 1024 * 1024, 40_000_000L));
    int rounds = options.reps(2, 5);
    int perRound = options.reps(3, 6);
    double jpegRatio =
        compare(
            options,
            results,
            decoder,
            jpeg,
            jpegFile,
            rounds,
            perRound,
            "4000×3000 JPEG (" + jpeg.length / 1024 + " KiB)",
            "jpeg",
            JPEG_GOAL);
    double pngRatio =
        compare(
            options,
            results,
            decoder,
            png,
            pngFile,
            rounds,
            Math.max(2, perRound / 2),
            "2000×1500 PNG (" + png.length / 1024 + " KiB)",
            "png",
            PNG_GOAL);
    // the camera-sized request the handler bench sends, decoded as classify decodes it: the
    // scan on this thread, the rows resized on a second (ImageDecoder.forLatency)
    byte[] request = BenchCloud.requestJpegBytes();
    Path requestFile = BenchCloud.writeRequestJpeg(options, request);
    compare(
        options,
        results,
        ImageDecoder.forLatency(ImageLimits.DEFAULT),
        request,
        requestFile,
        rounds,
        perRound * 2,
        "1024×768 JPEG (" + request.length / 1024 + " KiB), as classify decodes it (two threads)",
        "request_jpeg_two_threads",
        null);
    results.figure("decode_over_pillow", jpegRatio);
    results.figure("decode_over_pillow_png", pngRatio);
  }

  private static double compare(
      Options options,
      Results results,
      ImageDecoder decoder,
      byte[] data,
      Path file,
      int rounds,
      int perRound,
      String what,
      String key,
      Double goal)
      throws Exception {
    Timer ours = new Timer();
    List<Double> pillow = new ArrayList<>();
    // warm-up: the JIT compiles the colour conversion and resize loops
    for (int i = 0; i < 8; i++) {
      check(decoder.decode(data, 299, 299));
    }
    String version = "?";
    List<Double> roundRatios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Timer oursRound = new Timer();
      for (int i = 0; i < perRound; i++) {
        double ms = oursRound.time(() -> check(decoder.decode(data, 299, 299)));
        ours.add(ms);
      }
      JsonNode p = pillow(options, file, perRound);
      version = p.get("pillow").asText();
      List<Double> pillowRound = new ArrayList<>();
      p.get("ms").forEach(v -> pillowRound.add(v.asDouble()));
      pillow.addAll(pillowRound);
      roundRatios.add(oursRound.median() / Timer.median(pillowRound));
    }
    double oursMs = ours.median();
    double pillowMs = Timer.median(pillow);
    // each round's two medians were taken a few seconds apart: the median of their ratios
    double ratio = Timer.median(roundRatios);
    results.detail("decode", key + "_ours_ms", oursMs);
    results.detail("decode", key + "_pillow_ms", pillowMs);
    results.detail("decode", "pillow_version", version);
    results.detail("decode", key + "_over_pillow", ratio);
    results.row(
        SECTION,
        what + ": ours vs Pillow " + version + " (draft)",
        Results.ms(oursMs),
        Results.ms(pillowMs),
        Results.ratio(ratio),
        goal == null ? "" : "≤ " + Results.num(goal) + "×",
        goal == null ? null : ratio <= goal);
    return ratio;
  }

  private static void check(RgbImage image) {
    if (image.width() != 299 || image.height() != 299) {
      throw new IllegalStateException("decoded to " + image);
    }
  }

  static JsonNode pillow(Options options, Path file, int iterations)
      throws IOException, InterruptedException {
    Path script = options.repoRoot().resolve("benchmarks/pillow_decode.py");
    Process process =
        new ProcessBuilder(
                PYTHON,
                script.toString(),
                file.toString(),
                "299",
                "299",
                Integer.toString(iterations))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "Pillow's run failed (is python3-pil installed for " + PYTHON + "? benchmarks/setup)");
    }
    return new ObjectMapper().readTree(out);
  }
}
