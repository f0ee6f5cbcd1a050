/**
 * The one entry point to @peculiar/x509. It resolves its algorithm registry through tsyringe, which needs the
 * Reflect metadata API loaded first; this module imports it before the library so that no other import order matters.
 * The library uses WebCrypto; Node's globalThis.crypto is that provider.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
