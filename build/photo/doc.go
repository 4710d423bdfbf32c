// Package photo turns the photos editors put beside a page into the small,
// upright, private files residents' phones load, and writes the markup that
// shows them.
//
// For each photo (Processor.Get):
//
//   - The format comes from the bytes: JPEG and PNG are taken. An iPhone's
//     HEIC is refused with a message saying how to make the phone save JPEG;
//     the only pure-Go HEIC decoder ships LGPL code as WebAssembly and takes
//     two seconds a photo. Anything else is "not a photo".
//   - Before decoding, the header must promise at most MaxPixels, and the
//     file be at most MaxBytes. A damaged or truncated file is refused.
//   - The EXIF orientation is applied (phones store photos as the sensor saw
//     them and say in EXIF which way is up).
//   - The photo is scaled down, never up, to each width of the Recipe
//     (480, 800 and 1200 pixels: phones at 1×, 2× and 3×); a photo narrower
//     than a width gets its own width as its largest, and a warning when it
//     is narrower than the smallest.
//   - Each width is encoded as JPEG at quality 75 by image/jpeg, which writes
//     no metadata: no output carries EXIF, GPS, XMP or anything else. The
//     original is never published.
//   - Each file is named after the source, its width and a hash of its
//     content (Variant.Name), so it may be cached by browsers forever.
//
// Results are kept in a cache folder between builds (see Processor); a
// damaged entry is made again and Sweep removes entries a build no longer
// uses. WriteHTML writes the <img> for a processed photo. Import prepares a
// phone photo for the repository, and HasGPS finds photos there that still
// say where they were taken.
//
// Errors about a photo are *Error values whose message is written for the
// editor; the engine puts the Markdown file's path and line in front.
package photo
