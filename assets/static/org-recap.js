/* openspace: org-recap — to be written. */
