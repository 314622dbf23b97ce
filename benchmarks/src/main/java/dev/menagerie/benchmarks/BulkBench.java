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
    int singles = options.reps(3, 5);
    int warm = options.reps(4, config.inferenceBatch());
    int bulk = options.reps(config.inferenceBatch(), 3 * config.inferenceBatch());
    List<InboxObject> all = upload(cloud, images, 1 + singles + warm + bulk);
    InboxReader inbox =
        new InboxReader(cloud.cloud().s3(), cloud.bucket(), config.imageLimits().maxBytes());
    ImageDecoder decoder = new ImageDecoder(config.imageLimits());
    DynamoIdentificationStore store =
        new DynamoIdentificationStore(cloud.cloud().dynamo(), config.identificationsTable());
    ModelBundle bundle = model.bundle();

    // one core, one image at a time
    Timer single = new Timer();
    ExecutorService one = Executors.newSingleThreadExecutor();
    try (Classifier classifier = Classifier.load(bundle, new InferenceOptions(1, 1))) {
      BulkIdentifier identifier =
          new BulkIdentifier(inbox, decoder, store, config.topK(), 1, one, Clock.systemUTC());
      identify(identifier, all.subList(0, 1), classifier);
      for (int i = 1; i <= singles; i++) {
        List<InboxObject> object = all.subList(i, i + 1);
        single.time(() -> identify(identifier, object, classifier));
      }
    } finally {
      one.shutdown();
    }

    // the bulk function's set-up, all cores
    ExecutorService pool = Executors.newFixedThreadPool(config.decodeThreads());
    double bulkMs;
    try (Classifier classifier = Classifier.load(bundle, InferenceOptions.defaults())) {
      BulkIdentifier identifier =
          new BulkIdentifier(
              inbox,
              decoder,
              store,
              config.topK(),
              config.inferenceBatch(),
              pool,
              Clock.systemUTC());
      int from = 1 + singles;
      identify(identifier, all.subList(from, from + warm), classifier);
      List<InboxObject> timed = all.subList(from + warm, from + warm + bulk);
      long t0 = System.nanoTime();
      identify(identifier, timed, classifier);
      bulkMs = (System.nanoTime() - t0) / 1e6;
    } finally {
      pool.shutdown();
    }
    double singleMs = single.median();
    double ideal = cores / (singleMs / 1e3);
    double achieved = bulk / (bulkMs / 1e3);
    double fraction = achieved / ideal;
    results.figure("bulk_fraction_of_ideal", fraction);
    results.detail("bulk", "single_image_one_core_ms", singleMs);
    results.detail("bulk", "images", bulk);
    results.detail("bulk", "seconds", bulkMs / 1e3);
    results.detail("bulk", "images_per_second", achieved);
    results.detail("bulk", "ideal_images_per_second", ideal);
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
