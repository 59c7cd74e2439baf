/**
 * A static import of OpenCV.js behind a module that exports no `then`. getCv() imports this module
 * dynamically: importing the package itself dynamically would hand `await` a bundler interop
 * object that inherits Promise.prototype.then without being a Promise, and `await` throws on it.
 */
import cv from '@techstark/opencv-js';

export const opencvExport: unknown = cv;
