/**
 * The test SMTP servers speak TLS (issue 28: the password never travels in clear): STARTTLS
 * with a self-signed certificate for 127.0.0.1 (test/fixtures/smtp-tls, valid 100 years),
 * which parnasse trusts through PARNASSE_SMTP_CA.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('test/fixtures/smtp-tls');
/** Options for `new SMTPServer({ secure: false, ...SMTP_TLS, … })`: STARTTLS offered with the test certificate. */
export const SMTP_TLS = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
/** The certificate parnasse must trust (PARNASSE_SMTP_CA). */
export const SMTP_CA = path.join(dir, 'cert.pem');
