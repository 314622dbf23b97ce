package dev.menagerie.common.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * Baseline JPEGs with chosen luma sampling factors and restart interval, written by the JDK's
 * encoder through its native metadata tree (the SOF component specs and a DRI segment).
 */
final class JpegEncodings {
  private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

  private JpegEncodings() {}

  /**
   * {@code image} as a baseline JPEG of {@code quality}: luma sampled {@code h} x {@code v} times
   * as densely as chroma (2, 2 is 4:2:0; 1, 1 is 4:4:4), a restart marker every {@code
   * restartInterval} MCUs (0: none). Grey images have one component and ignore h and v.
   */
  static byte[] jpeg(BufferedImage image, float quality, int h, int v, int restartInterval) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
      IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
      IIOMetadataNode markers =
          (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
      Node components = root.getElementsByTagName("componentSpec").item(0).getParentNode();
      for (Node c = components.getFirstChild(); c != null; c = c.getNextSibling()) {
        IIOMetadataNode spec = (IIOMetadataNode) c;
        boolean luma = "1".equals(spec.getAttribute("componentId"));
        spec.setAttribute("HsamplingFactor", luma ? Integer.toString(h) : "1");
        spec.setAttribute("VsamplingFactor", luma ? Integer.toString(v) : "1");
      }
      if (restartInterval > 0) {
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(restartInterval));
        markers.insertBefore(dri, markers.getFirstChild());
      }
      metadata.setFromTree(FORMAT, root);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** Offset of the first {@code 0xFF marker} in {@code jpeg}, or -1. */
  static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    return -1;
  }
}
