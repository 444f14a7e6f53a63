/** What a login takes, for the API and the login page alike (Danish messages naming the field). */
import { z } from 'zod';

export const loginSchema = z.object({
  email: z.string().trim().min(1, 'Skriv din e-mailadresse').max(200, 'E-mailadressen må højst være 200 tegn')
    .pipe(z.email({ message: 'Skriv en gyldig e-mailadresse' })),
  password: z.string().min(1, 'Skriv din adgangskode').max(200, 'Adgangskoden må højst være 200 tegn'),
}).strict();
