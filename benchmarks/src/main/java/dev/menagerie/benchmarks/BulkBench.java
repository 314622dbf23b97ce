package dev.menagerie.benchmarks;

import dev.menagerie.bulk.BulkConfig;
import dev.menagerie.bulk.BulkIdentifier;
import dev.menagerie.bulk.InboxObject;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.InboxReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Measure 4: bulk identification (the real {@link BulkIdentifier}, configured as the bulk function
 * configures it: its decode pool, inference batch and a session on every core) over camera-like
 * JPEGs in the local inbox, versus the ideal: cores ÷ the time one core takes for one image through
 * the same code (one decode thread, a one-thread session, batch 1).
 */
final class BulkBench {
  static final String SECTION = "4. Bulk throughput";

  private BulkBench() {}

  static void run(Options options, BenchCloud cloud, FullModel model, Results results)
      throws Exception {
    BulkConfig config =
        BulkConfig.fromEnvironment(cloud.cloud().functionEnvironment("BulkFunction"));
    int cores = Runtime.getRuntime().availableProcessors();
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      images.add(
          Photos.jpeg(
              Photos.draw(BenchCloud.REQUEST_WIDTH, BenchCloud.REQUEST_HEIGHT, 100 + i), 0.9f));
    }
    int rounds = options.reps(1, 3);
    int singlesPerRound = 2;
    int warm = options.reps(4, config.inferenceBatch());
    int perRound = config.inferenceBatch();
    List<InboxObject> all = upload(cloud, images, 1 + warm + rounds * (singlesPerRound + perRound));
    InboxReader inbox =
        new InboxReader(cloud.cloud().s3(), cloud.bucket(), config.imageLimits().maxBytes());
    ImageDecoder decoder = new ImageDecoder(config.imageLimits());
    DynamoIdentificationStore store =
        new DynamoIdentificationStore(cloud.cloud().dynamo(), config.identificationsTable());
    ModelBundle bundle = model.bundle();

    // one core, one image at a time; and the bulk function's set-up on all cores. Rounds alternate
    // the two, so each round's fraction compares runs under about the same machine load.
    Timer single = new Timer();
    Timer bulkTimes = new Timer();
    List<Double> fractions = new ArrayList<>();
    ExecutorService one = Executors.newSingleThreadExecutor();
    ExecutorService pool = Executors.newFixedThreadPool(config.decodeThreads());
    try (Classifier oneCore = Classifier.load(bundle, new InferenceOptions(1, 1));
        Classifier allCores = Classifier.load(bundle, InferenceOptions.defaults())) {
      BulkIdentifier singleIdentifier =
          new BulkIdentifier(inbox, decoder, store, config.topK(), 1, one, Clock.systemUTC());
      BulkIdentifier bulkIdentifier =
          new BulkIdentifier(
              inbox,
              decoder,
              store,
              config.topK(),
              config.inferenceBatch(),
              pool,
              Clock.systemUTC());
      int next = 0;
      identify(singleIdentifier, all.subList(next, next + 1), oneCore);
      next += 1;
      identify(bulkIdentifier, all.subList(next, next + warm), allCores);
      next += warm;
      for (int r = 0; r < rounds; r++) {
        Timer roundSingle = new Timer();
        for (int i = 0; i < singlesPerRound; i++) {
          List<InboxObject> object = all.subList(next, next + 1);
          next += 1;
          single.add(roundSingle.time(() -> identify(singleIdentifier, object, oneCore)));
        }
        List<InboxObject> batch = all.subList(next, next + perRound);
        next += perRound;
        double ms = bulkTimes.time(() -> identify(bulkIdentifier, batch, allCores));
        double roundIdeal = cores / (roundSingle.median() / 1e3);
        fractions.add((perRound / (ms / 1e3)) / roundIdeal);
      }
    } finally {
      one.shutdown();
      pool.shutdown();
    }
    int bulk = rounds * perRound;
    double bulkMs = bulkTimes.samples().stream().mapToDouble(Double::doubleValue).sum();
    double singleMs = single.median();
    double ideal = cores / (singleMs / 1e3);
    double achieved = bulk / (bulkMs / 1e3);
    double fraction = Timer.median(fractions);
    results.figure("bulk_fraction_of_ideal", fraction);
    results.detail("bulk", "single_image_one_core_ms", singleMs);
    results.detail("bulk", "images", bulk);
    results.detail("bulk", "seconds", bulkMs / 1e3);
    results.detail("bulk", "images_per_second", achieved);
    results.detail("bulk", "ideal_images_per_second", ideal);
    results.detail("bulk", "fraction_by_round", fractions);
    results.detail("bulk", "inference_batch", config.inferenceBatch());
    results.detail("bulk", "decode_threads", config.decodeThreads());
    results.row(
        SECTION,
        bulk
            + " × 1024×768 JPEG, batch "
            + config.inferenceBatch()
            + ", "
            + cores
            + " cores vs ideal (cores ÷ one-core time per image, "
            + Results.ms(singleMs)
            + ")",
        Results.num(achieved) + " img/s",
        Results.num(ideal) + " img/s",
        Results.num(fraction),
        "≥ 0.85",
        fraction >= 0.85);
  }

  private static void identify(
      BulkIdentifier identifier, List<InboxObject> objects, Classifier classifier) {
    List<BulkIdentifier.Outcome> outcomes =
        identifier.identify(objects, classifier, Optional.empty());
    for (BulkIdentifier.Outcome o : outcomes) {
      if (o.kind() != BulkIdentifier.Kind.IDENTIFIED) {
        throw new IllegalStateException("bulk outcome " + o);
      }
    }
  }

  private static List<InboxObject> upload(BenchCloud cloud, List<byte[]> images, int count) {
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<InboxObject> objects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] bytes = images.get(i % images.size());
      String key = "inbox/bench-" + run + "/img-" + i + ".jpg";
      cloud
          .cloud()
          .s3()
          .putObject(
              b -> b.bucket(cloud.bucket()).key(key).contentType("image/jpeg"),
              RequestBody.fromBytes(bytes));
      objects.add(new InboxObject(key, "", bytes.length));
    }
    return objects;
  }
}
