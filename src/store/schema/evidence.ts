import { pgTable, serial, text, integer, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { assignments } from './assignments';
import { progressReports } from './progress-reports';

/**
 * 佐证材料: a picture or file a coordinator sent in chat, kept as Lark keeps it (the message and its
 * resource key), never as bytes. `assignmentId` is null while nobody has said which task it is for
 * (a file sent before "佐证 N"); `reportId` is the department's latest report when it was attached.
 */
export const evidence = pgTable(
  'evidence',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    assignmentId: integer('assignment_id').references(() => assignments.id, { onDelete: 'cascade' }),
    reportId: integer('report_id').references(() => progressReports.id, { onDelete: 'set null' }),
    messageId: text('message_id').notNull(),
    fileKey: text('file_key').notNull(),
    /** What `GET …/resources/:file_key?type=` takes: image for pictures, file for files, videos and audio. */
    resourceType: text('resource_type').$type<'image' | 'file'>().notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    /** The name's extension (pdf, xlsx, …), or image for a picture: what the export and cards call its type. */
    fileType: text('file_type').notNull().default(''),
    senderOpenId: text('sender_open_id').notNull(),
    chatId: text('chat_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evidence_resource').on(t.tenantKey, t.messageId, t.fileKey),
    index('evidence_assignment').on(t.assignmentId),
    index('evidence_unclaimed').on(t.tenantKey, t.chatId, t.senderOpenId, t.createdAt),
  ],
);
