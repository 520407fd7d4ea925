/* openspace: attendee-notes — to be written. */
