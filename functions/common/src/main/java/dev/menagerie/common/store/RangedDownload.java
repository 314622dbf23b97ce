package dev.menagerie.common.store;

import dev.menagerie.common.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads one S3 object in byte ranges fetched side by side: what S3 advises for large objects, as
 * one connection's throughput is capped well below the function's network (the full model, 163 MiB,
 * is most of a cold start's fetch). The first range tells the object's size and ETag; the others
 * are fetched only if the object is larger, each on the condition that the ETag is still the same,
 * so a model overwritten mid-read fails the read instead of mixing two files.
 */
public final class RangedDownload {
  /** The range size: S3's guidance for parallel GETs is 8-16 MiB. */
  static final int PART_BYTES = 16 * 1024 * 1024;

  /** Ranges in flight at once. */
  static final int PARALLEL = 4;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  private RangedDownload() {}

  static byte[] read(S3Client s3, String bucket, String key) {
    return read(s3, bucket, key, PART_BYTES);
  }

  public static byte[] read(S3Client s3, String bucket, String key, int partBytes) {
    GetObjectResponse first;
    byte[] head;
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(bucket).key(key).range(range(0, partBytes)))) {
      first = in.response();
      head = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " failed", e);
    }
    long total = totalSize(first, head.length);
    if (total <= head.length) {
      return head;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "s3://" + bucket + "/" + key + " has " + total + " bytes, more than one array holds");
    }
    byte[] whole = new byte[(int) total];
    System.arraycopy(head, 0, whole, 0, head.length);
    String etag = first.eTag();
    List<Future<?>> parts = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(PARALLEL, DaemonThreads.named("model-download"));
    try {
      for (long start = head.length; start < total; start += partBytes) {
        long from = start;
        int length = (int) Math.min(partBytes, total - start);
        parts.add(pool.submit(() -> readInto(s3, bucket, key, etag, from, length, whole)));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading s3://" + bucket + "/" + key, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading s3://" + bucket + "/" + key + " failed", e);
    } finally {
      pool.shutdownNow();
    }
    return whole;
  }

  private static Void readInto(
      S3Client s3, String bucket, String key, String etag, long from, int length, byte[] whole) {
    try (InputStream in =
        s3.getObject(
            b -> {
              b.bucket(bucket).key(key).range(range(from, length));
              if (etag != null) {
                b.ifMatch(etag);
              }
            })) {
      int done = in.readNBytes(whole, (int) from, length);
      if (done != length || in.read() != -1) {
        throw new IllegalStateException(
            "s3://"
                + bucket
                + "/"
                + key
                + " gave a range of the wrong size at byte "
                + from
                + " (the object changed while read?)");
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " failed", e);
    }
  }

  /** The object's size from the first range's Content-Range, or the bytes read if none. */
  static long totalSize(GetObjectResponse response, int bytesRead) {
    String contentRange = response.contentRange();
    if (contentRange == null) {
      return bytesRead; // a server that ignores Range sends the whole object
    }
    Matcher m = CONTENT_RANGE.matcher(contentRange);
    if (!m.matches()) {
      throw new IllegalStateException("unexpected Content-Range: " + contentRange);
    }
    return Long.parseLong(m.group(3));
  }

  private static String range(long from, long length) {
    return "bytes=" + from + "-" + (from + length - 1);
  }
}
