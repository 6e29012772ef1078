import { z } from 'zod';

/** A token as a link or form carries it: its shape is checked by verifyToken, its size here. */
export const tokenField = z.string().trim().min(1).max(1024);
