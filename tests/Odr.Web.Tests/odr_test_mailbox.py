"""The tests' SMTP server (tests/Odr.Web.Tests/SmtpServer.cs starts it): Debian's aiosmtpd with SMTPUTF8, writing each
message it accepts to a Maildir. It refuses two kinds of recipient so that tests see how the service takes a refusal:
"no-such-mailbox@..." for good (550), "mailbox-busy@..." for now (451). Each stored message says in X-SmtpUtf8 whether
the client asked for SMTPUTF8 (beside aiosmtpd's own X-MailFrom and X-RcptTo). Optionally it requires STARTTLS
(--tlscert/--tlskey) or authentication (--login/--password)."""
import argparse
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tlscert")
    parser.add_argument("--tlskey")
    parser.add_argument("--login")
    parser.add_argument("--password")
    args = parser.parse_args()

    options = {"enable_SMTPUTF8": True}
    if args.tlscert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tlscert, args.tlskey)
        options.update(tls_context=context, require_starttls=True)
    if args.login:
        expected = (args.login.encode(), args.password.encode())

        def authenticate(server, session, envelope, mechanism, auth_data):
            granted = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == expected
            return AuthResult(success=granted, handled=False)  # handled=False: aiosmtpd answers 535 itself

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=False)

    controller = Controller(RefusingMailbox(args.maildir), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    print("listening", flush=True)
    threading.Event().wait()  # until the test kills the process


if __name__ == "__main__":
    main()
