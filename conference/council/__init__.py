"""The council format (Regionale Bildungskonferenz): seats, invitations and RSVP, meeting day,
agenda, recommendations and their follow-up. The OParl API lives in ``conference.oparl``."""
