import { children, decodeOid, DerError, readTlv, Tag, value } from './der.js';

/**
 * What a Sigstore Fulcio certificate says about the signer. Fulcio puts the OIDC identity in the
 * SubjectAlternativeName (email for Google service accounts such as Kubernetes' krel-staging) and the OIDC issuer
 * in its own extensions: 1.3.6.1.4.1.57264.1.8 (DER UTF8String, current) and 1.3.6.1.4.1.57264.1.1 (the raw
 * string, deprecated but still issued). Pure: parses the certificate's DER.
 */

export const OID = {
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  fulcioIssuerV1: '1.3.6.1.4.1.57264.1.1',
  fulcioIssuerV2: '1.3.6.1.4.1.57264.1.8',
} as const;

export interface CertificateIdentity {
  emails: string[];
  uris: string[];
  /** From 1.3.6.1.4.1.57264.1.8, else from 1.3.6.1.4.1.57264.1.1. */
  issuer?: string;
  issuerSource?: string;
  codeSigning: boolean;
  hasExtKeyUsage: boolean;
}

/** OID -> extnValue content of every extension of an X.509 certificate (DER). */
function certificateExtensions(der: Uint8Array): Map<string, Uint8Array> {
  const cert = readTlv(der, 0);
  const tbs = children(der, cert)[0];
  if (cert.tag !== Tag.SEQUENCE || tbs?.tag !== Tag.SEQUENCE) throw new DerError('not an X.509 certificate');
  const extensions = new Map<string, Uint8Array>();
  const wrapper = children(der, tbs).find((t) => t.tag === Tag.EXTENSIONS);
  if (wrapper === undefined) return extensions;
  const list = children(der, wrapper)[0];
  if (list?.tag !== Tag.SEQUENCE) throw new DerError('malformed extensions');
  for (const ext of children(der, list)) {
    const parts = children(der, ext);
    const oid = parts[0];
    const octets = parts[parts.length - 1];
    if (oid?.tag !== Tag.OID || octets?.tag !== Tag.OCTET_STRING) throw new DerError('malformed extension');
    extensions.set(decodeOid(value(der, oid)), value(der, octets));
  }
  return extensions;
}

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

export function certificateIdentity(der: Uint8Array): CertificateIdentity {
  const ext = certificateExtensions(der);
  const identity: CertificateIdentity = { emails: [], uris: [], codeSigning: false, hasExtKeyUsage: false };
  const san = ext.get(OID.subjectAltName);
  if (san !== undefined) {
    for (const name of children(san, readTlv(san, 0))) {
      // GeneralName: [1] rfc822Name, [6] uniformResourceIdentifier (IMPLICIT IA5String).
      if (name.tag === 0x81) identity.emails.push(utf8(value(san, name)));
      if (name.tag === 0x86) identity.uris.push(utf8(value(san, name)));
    }
  }
  const v2 = ext.get(OID.fulcioIssuerV2);
  const v1 = ext.get(OID.fulcioIssuerV1);
  if (v2 !== undefined) {
    const str = readTlv(v2, 0);
    if (str.tag !== Tag.UTF8_STRING) throw new DerError('Fulcio issuer (1.3.6.1.4.1.57264.1.8) is not a UTF8String');
    identity.issuer = utf8(value(v2, str));
    identity.issuerSource = OID.fulcioIssuerV2;
  } else if (v1 !== undefined) {
    identity.issuer = utf8(v1);
    identity.issuerSource = OID.fulcioIssuerV1;
  }
  const eku = ext.get(OID.extKeyUsage);
  if (eku !== undefined) {
    identity.hasExtKeyUsage = true;
    identity.codeSigning = children(eku, readTlv(eku, 0)).some((t) => t.tag === Tag.OID && decodeOid(value(eku, t)) === OID.codeSigning);
  }
  return identity;
}
