/** Refusals of what is surely a duplicate (issue 11): each names the existing record. */
export const dupes = {
  'dupes.site': 'member {member_no} already has this site: address #{address_id}, {street}, {postal_code} {city} (added on {added_on})',
  'dupes.device': 'member {member_no} already has a device labelled "{label}": device #{device_id} (added on {added_on})',
  'dupes.visit': 'member {member_no} already has a visit booked at that time: intervention #{id}, {kind}, {start} to {end}',
  'dupes.coach': 'coach {coach} is already booked at that time: intervention #{id}, member {member_no}, {postal_code}, {start} to {end}',
};
