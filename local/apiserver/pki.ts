// The embedded cluster's CA and serving certificate, made once and kept in DATA_DIR/pki.
// client-go (kubectl) will not send a bearer token over plain HTTP, so the API server speaks TLS.
import { webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface Pki {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString("hex").replace(/^[89a-f]/, "1");
}

async function generate(): Promise<Pki> {
  const now = new Date(Date.now() - 60_000);
  const notAfter = new Date(now.getTime() + TEN_YEARS_MS);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=session-console-embedded-ca",
    notBefore: now,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "CN=kube-apiserver",
    issuer: ca.subject,
    notBefore: now,
    notAfter,
    signingAlgorithm: ALG,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
        { type: "dns", value: "localhost" },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey);
  return { caPem: ca.toString("pem") + "\n", certPem: cert.toString("pem") + "\n", keyPem: toPem(keyDer, "PRIVATE KEY") };
}

/** Load the PKI from `<dataDir>/pki`, creating it on first start. */
export async function loadOrCreatePki(dataDir: string): Promise<Pki> {
  const dir = path.join(dataDir, "pki");
  const files = { caPem: "ca.crt", certPem: "apiserver.crt", keyPem: "apiserver.key" } as const;
  if (Object.values(files).every((f) => existsSync(path.join(dir, f)))) {
    return {
      caPem: readFileSync(path.join(dir, files.caPem), "utf8"),
      certPem: readFileSync(path.join(dir, files.certPem), "utf8"),
      keyPem: readFileSync(path.join(dir, files.keyPem), "utf8"),
    };
  }
  const pki = await generate();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, files.caPem), pki.caPem);
  writeFileSync(path.join(dir, files.certPem), pki.certPem);
  writeFileSync(path.join(dir, files.keyPem), pki.keyPem, { mode: 0o600 });
  return pki;
}
