/* openspace: org-notes — to be written. */
