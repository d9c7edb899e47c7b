"""The outbox (发件箱): every message devzone sends (the weekly dispatch
e-mails now, group-robot posts and notifications next) is a row here,
claimed before it is sent and marked sent after, so that a job run twice or
a worker dying halfway never sends anything twice. Managers see what is
waiting, sent, failed or of unknown delivery, and send a message again.

It belongs to the read side because that is where every job that sends
lives; like the rest of insights, no app imports it.
"""
