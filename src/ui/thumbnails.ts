/** The thumbnail of a grid cell, loaded through src/state/thumbnailSource. */
import { useEffect, useState } from 'react';
import type { ExperimentRecord, ImageRecord } from '../storage/schema';
import { thumbnailOf, type Thumbnail } from '../state/thumbnailSource';

export function useThumbnail(experiment: ExperimentRecord, image: ImageRecord | undefined): Thumbnail | null {
  const [thumb, setThumb] = useState<Thumbnail | null>(null);
  useEffect(() => {
    setThumb(null);
    if (!image) return;
    let live = true;
    void thumbnailOf(experiment, image).then((t) => {
      if (live) setThumb(t);
    });
    return () => {
      live = false;
    };
  }, [experiment, image]);
  return thumb;
}
