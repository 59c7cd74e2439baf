import type React from 'react';
import { useEffect, useRef } from 'react';

/** Draws 8-bit grey pixels on a canvas; CSS decides the displayed size. */
export function GreyCanvas({
  width,
  height,
  pixels,
  className,
  title,
  overlay,
  style,
}: {
  width: number;
  height: number;
  pixels: Uint8Array;
  className?: string;
  title?: string;
  /** Optional RGBA overlay drawn on top (e.g. outlines), same size. */
  overlay?: Uint8ClampedArray;
  style?: React.CSSProperties;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = width;
    canvas.height = height;
    const rgba = new ImageData(width, height);
    const out = rgba.data;
    for (let i = 0, j = 0; i < pixels.length; i++, j += 4) {
      const v = pixels[i]!;
      out[j] = v;
      out[j + 1] = v;
      out[j + 2] = v;
      out[j + 3] = 255;
    }
    if (overlay) {
      for (let j = 0; j < out.length; j += 4) {
        const a = overlay[j + 3]! / 255;
        if (a > 0) {
          out[j] = out[j]! * (1 - a) + overlay[j]! * a;
          out[j + 1] = out[j + 1]! * (1 - a) + overlay[j + 1]! * a;
          out[j + 2] = out[j + 2]! * (1 - a) + overlay[j + 2]! * a;
        }
      }
    }
    ctx.putImageData(rgba, 0, 0);
  }, [width, height, pixels, overlay]);
  return <canvas ref={ref} className={className} title={title} style={style} />;
}
