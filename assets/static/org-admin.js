/* openspace: org-admin — to be written. */
