"""A real SMTP server for the digest test: Python's own smtpd (standard library up to
3.11), keeping each message it receives in a folder as received (NNN.eml) and as a mail
reader shows it (NNN.txt: To, the decoded Subject, the decoded text).

Usage: python3 smtp_sink.py HOST:PORT FOLDER
"""
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import asyncore  # noqa: E402
import email  # noqa: E402
import email.header  # noqa: E402
import email.policy  # noqa: E402
import smtpd  # noqa: E402

host, port = sys.argv[1].rsplit(":", 1)
folder = sys.argv[2]


class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        stem = os.path.join(folder, "%03d" % (len(os.listdir(folder)) // 2))
        message = email.message_from_bytes(data, policy=email.policy.default)
        shown = "To: %s\nSubject: %s\n\n%s" % (message["To"], message["Subject"], message.get_content())
        with open(stem + ".txt", "w", encoding="utf-8") as out:
            out.write(shown)
        with open(stem + ".part", "wb") as out:
            out.write(data)
        os.rename(stem + ".part", stem + ".eml")


Sink((host, int(port)), None, decode_data=False)
print("ready", flush=True)
asyncore.loop()
