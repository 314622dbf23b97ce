package dev.menagerie.common.inference;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The model this container serves: the version the override names, or else the one the registry's
 * production alias names, re-checked at most every {@code refresh} so a promotion reaches warm
 * containers without a redeploy. Loading happens once per version; inference runs under a read lock
 * so a swap never closes a session in use.
 */
public final class ModelProvider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelProvider.class);

  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final Optional<String> override;
  private final Duration refresh;
  private final Clock clock;
  private final InferenceOptions options;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private Classifier current;
  private Instant checkedAt = Instant.MIN;
  private String lastProblem = "no model has been looked up yet";

  public ModelProvider(
      ModelRegistry registry,
      ModelRepository repository,
      Optional<String> override,
      Duration refresh,
      Clock clock,
      InferenceOptions options) {
    this.registry = registry;
    this.repository = repository;
    this.override = override;
    this.refresh = refresh;
    this.clock = clock;
    this.options = options;
  }

  /**
   * What a function serving requests uses: the registry and model files of its stack, the system
   * clock and default session options.
   */
  public static ModelProvider forFunction(
      DynamoDbClient dynamo,
      String modelsTable,
      S3Client s3,
      String bucket,
      Optional<String> override,
      Duration refresh) {
    return new ModelProvider(
        new DynamoModelRegistry(dynamo, modelsTable, Clock.systemUTC()),
        new ModelRepository(s3, bucket),
        override,
        refresh,
        Clock.systemUTC(),
        InferenceOptions.defaults());
  }

  /**
   * Runs {@code work} with the current model, refreshing first when due.
   *
   * @throws MenagerieException NO_PRODUCTION_MODEL when there is nothing to serve
   */
  public <T> T withModel(Function<Classifier, T> work) {
    refreshIfDue();
    lock.readLock().lock();
    try {
      if (current == null) {
        throw new MenagerieException(ErrorCode.NO_PRODUCTION_MODEL, lastProblem);
      }
      return work.apply(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The version being served, if any (without refreshing). */
  public Optional<String> currentVersion() {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(current).map(Classifier::version);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Looks the wanted version up now and loads it if it changed. */
  public void refresh() {
    Optional<String> wanted;
    try {
      wanted = override.isPresent() ? override : registry.productionVersion();
    } catch (RuntimeException e) {
      LOG.warn("could not read the production alias; keeping the current model", e);
      return;
    } finally {
      checkedAt = clock.instant();
    }
    if (wanted.isEmpty()) {
      swap(null, "there is no production model: install one and promote it");
      return;
    }
    if (wanted.equals(currentVersion())) {
      return;
    }
    String version = wanted.get();
    try {
      String location =
          registry
              .get(version)
              .map(ModelRecord::location)
              .orElse(ModelRepository.location(version));
      ModelBundle bundle = repository.download(location);
      Classifier loaded = Classifier.load(bundle, options);
      LOG.info("serving model {} from {}", version, location);
      swap(loaded, "");
    } catch (RuntimeException e) {
      LOG.error("model {} could not be loaded", version, e);
      if (currentVersion().isEmpty()) {
        lastProblem = "the production model " + version + " could not be loaded: " + e.getMessage();
      }
    }
  }

  private void refreshIfDue() {
    if (Duration.between(checkedAt, clock.instant()).compareTo(refresh) >= 0) {
      synchronized (this) {
        if (Duration.between(checkedAt, clock.instant()).compareTo(refresh) >= 0) {
          refresh();
        }
      }
    }
  }

  private void swap(Classifier next, String problem) {
    Classifier previous;
    lock.writeLock().lock();
    try {
      previous = current;
      current = next;
      lastProblem = problem;
    } finally {
      lock.writeLock().unlock();
    }
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  public void close() {
    swap(null, "closed");
  }
}
