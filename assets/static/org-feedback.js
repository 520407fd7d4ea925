/* openspace: org-feedback — to be written. */
