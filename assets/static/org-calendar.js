/* openspace: org-calendar — to be written. */
