/* openspace: attendee-feedback — to be written. */
