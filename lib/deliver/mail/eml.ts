/**
 * A message as the bytes an SMTP relay would receive (RFC 5322, `.eml`), built by the same
 * nodemailer composer the mailer sends with, so a preview shows exactly what goes out.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from '../../core/ports.ts';
import { mailOptions } from './smtp-mailer.ts';

/** The message's MIME source, headers (Message-ID and Date included) and every part. */
export function renderEml(message: MailMessage): Promise<Buffer> {
  return new MailComposer(mailOptions(message)).compile().build();
}
