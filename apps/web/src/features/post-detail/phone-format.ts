/**
 * A revealed number as people write it: a mainland mobile in groups of 3-4-4 (138 0013 8000), anything
 * else (a privacy middle number with an extension, a landline) as it came.
 */
export function formatPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  const mobile = /^(?:\+?86)?(1\d{2})(\d{4})(\d{4})$/.exec(digits);
  return mobile ? `${mobile[1]} ${mobile[2]} ${mobile[3]}` : phone;
}
