/**
 * Mailer over SMTP through nodemailer. Amazon SES works through its SMTP interface
 * (email-smtp.<region>.amazonaws.com:587 with SES SMTP credentials) with no extra package;
 * nodemailer's native SES transport would need @aws-sdk/client-sesv2 (see README).
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { DeliveryError } from '../../core/errors.ts';
import type { Mailer, MailMessage } from '../../core/ports.ts';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `starttls`: upgrade required; `implicit`: TLS from the first byte (465); `none`: loopback tests. */
  readonly tls: 'starttls' | 'implicit' | 'none';
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly timeoutMs: number;
  /** Extra CA certificate (PEM) to trust, for private relays and tests. */
  readonly ca?: string;
}

/** A message as nodemailer takes it: what is sent, and what a preview writes as .eml. */
export function mailOptions(message: MailMessage): SendMailOptions {
  return {
    from: message.from,
    to: [...message.to],
    ...(message.cc ? { cc: [...message.cc] } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(message.headers ? { headers: { ...message.headers } } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
  };
}

/** Creates a Mailer; the transport keeps no pool, each send opens one connection. */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    ...(settings.ca ? { tls: { ca: settings.ca } } : {}),
  });
  return {
    async send(message: MailMessage) {
      try {
        const info = await transport.sendMail(mailOptions(message));
        return { messageId: info.messageId, accepted: info.accepted.map(String) };
      } catch (cause) {
        const { code, responseCode } = cause as { code?: unknown; responseCode?: unknown };
        throw new DeliveryError(
          `SMTP ${settings.host}:${settings.port} did not accept the mail` +
            `${typeof code === 'string' ? ` (${code}${typeof responseCode === 'number' ? ` ${responseCode}` : ''})` : ''}; ` +
            'check mail.smtp.* and the relay’s logs.',
          { cause, context: { host: settings.host, port: settings.port } },
        );
      }
    },
  };
}
