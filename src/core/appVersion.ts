/** The app's version, written into saved models and reports. Kept in step with package.json by hand. */
export const APP_VERSION = '0.1.0';
