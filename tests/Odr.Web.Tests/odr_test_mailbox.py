"""The tests' SMTP handler: aiosmtpd's Maildir handler, which refuses two kinds of recipient so that tests see how the
service takes a refusal: "no-such-mailbox@..." for good (550), "mailbox-busy@..." for now (451). Each stored message
says in X-SmtpUtf8 whether the client asked for SMTPUTF8 (beside aiosmtpd's own X-MailFrom and X-RcptTo)."""
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.split("@", 1)[0]
        if local_part == "no-such-mailbox":
            return "550 5.1.1 No such mailbox"
        if local_part == "mailbox-busy":
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def prepare_message(self, session, envelope):
        message = super().prepare_message(session, envelope)
        message["X-SmtpUtf8"] = "yes" if envelope.smtp_utf8 else "no"
        return message
