import pkg from '../../package.json' with { type: 'json' };

/** The app version, from package.json (bundled by vite, loaded by tsx from source). */
export const appVersion: string = pkg.version;
