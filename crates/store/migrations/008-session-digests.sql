-- A session is stored by the SHA-256 of its token, never the token (the cookie) itself:
-- whoever reads the database cannot take over a session. Sessions stored before are ended
-- (their users log in again).
DELETE FROM sessions
