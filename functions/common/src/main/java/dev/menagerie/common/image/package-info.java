/**
 * Turning untrusted image bytes into the upright RGB pixels a model reads.
 *
 * <p>{@link dev.menagerie.common.image.ImageDecoder} recognises the format by its magic bytes,
 * reads the dimensions and the EXIF orientation from the headers, and rejects oversized or hostile
 * input (byte and pixel limits from {@link dev.menagerie.common.image.ImageLimits}) before any
 * pixel buffer is allocated. A PNG's chunk CRCs and zlib checksum are checked as libpng checks them
 * ({@code PngChunks}). The decoder then decodes JPEG (including CMYK and YCCK), PNG, GIF and BMP
 * through ImageIO, composites transparency onto white, applies the orientation and, through {@link
 * dev.menagerie.common.image.Resizer}, scales to the model's input size. When the size is a
 * model's, a sequential Huffman JPEG in grey or YCbCr is decoded instead by {@code
 * JpegScaledDecoder}, in the DCT domain at the smallest of 1/8, 1/4, 1/2 or full scale that keeps
 * that size (as Pillow's draft mode does); other large images are read subsampled by ImageIO.
 * Training and serving both decode through here, so both see the same pixels. Every failure caused
 * by the bytes is a {@link dev.menagerie.common.error.MenagerieException} with a client error code.
 */
package dev.menagerie.common.image;
