/** Image input and output: read PNG/JPEG/TIFF files as grey pages, scale to 8 bit, write PNG. */
export { ImageDecodeError } from './errors.ts';
export { MAX_PIXELS, checkDecodable, readImageHeader, sniffFormat } from './sniff.ts';
export type { ColourModel, ImageFormat, ImageHeader, PageHeader } from './sniff.ts';
export { decodeImage } from './decode.ts';
export type { DecodedImage } from './decode.ts';
export { applyStretch, stretchPercentiles, to8bit, STRETCH_HIGH_PERCENT, STRETCH_LOW_PERCENT } from './to8bit.ts';
export type { Stretch } from './to8bit.ts';
export { encodePng } from './encode.ts';
export { makeThumbnail } from './thumbnail.ts';
export { contentHash } from './hash.ts';
export { describePixelSize, formatUm, readPixelSize, roundPixelSize, MAX_UM_PER_PX, MIN_UM_PER_PX } from './pixelSize.ts';
export type { PixelSize, PixelSizeSource } from './pixelSize.ts';
export { readOmeLayout } from './ome.ts';
export type { OmeLayout, OmePlane } from './ome.ts';
export type { BitDepthInfo } from './bitDepth.ts';
export { choosePages } from './omePages.ts';
export type { PageChoice } from './omePages.ts';
