import type { TokenSealer } from './registry';

/** The part of Electron's `safeStorage` the app uses (kept as an interface so it unit-tests without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Tokens sealed with the OS keychain through `safeStorage`, base64 in remotes.json; none where it is unavailable (the 0600 file still holds). */
export function safeStorageSealer(storage: SafeStorageLike): TokenSealer | undefined {
  if (!storage.isEncryptionAvailable()) return undefined;
  return {
    seal: (token) => storage.encryptString(token).toString('base64'),
    open: (sealed) => storage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
