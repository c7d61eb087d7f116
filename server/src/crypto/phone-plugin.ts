// Encrypts residents.phone on every write and decrypts it on every read, so no service handles ciphertext: an
// insert into or update of `residents` that sets `phone` stores encryptPhone(phone) and sets phone_index with it;
// a result row's `phone` that holds a ciphertext comes back plain. Staff phones (users.phone) are never prefixed,
// so they pass through untouched.
import {
  AliasNode,
  ColumnNode,
  ColumnUpdateNode,
  InsertQueryNode,
  PrimitiveValueListNode,
  TableNode,
  UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import { decryptPhone, encryptPhone, isEncryptedPhone, phoneIndex } from './phone-cipher'

const TABLE = 'residents'

function tableName(node: OperationNode | undefined): string | null {
  if (!node) return null
  if (TableNode.is(node)) return node.table.identifier.name
  if (AliasNode.is(node)) return tableName(node.node)
  return null
}

/** The plain value being written (a phone already encrypted, e.g. by the key rotation, is kept as it is). */
function sealed(value: unknown): { phone: unknown; index: string | null } {
  if (typeof value !== 'string' || value === '') return { phone: value, index: null }
  if (isEncryptedPhone(value)) return { phone: value, index: phoneIndex(decryptPhone(value)) }
  return { phone: encryptPhone(value), index: phoneIndex(value) }
}

function sealInsert(node: InsertQueryNode): InsertQueryNode {
  const columns = node.columns ?? []
  const at = columns.findIndex((c) => c.column.name === 'phone')
  if (at < 0 || columns.some((c) => c.column.name === 'phone_index') || !node.values || !ValuesNode.is(node.values)) return node
  const rows = node.values.values.map((row) => {
    if (PrimitiveValueListNode.is(row)) {
      const { phone, index } = sealed(row.values[at])
      return PrimitiveValueListNode.create([...row.values.slice(0, at), phone, ...row.values.slice(at + 1), index])
    }
    const item = row.values[at]
    if (!ValueNode.is(item)) return ValueListNode.create([...row.values, ValueNode.create(null)])
    const { phone, index } = sealed(item.value)
    return ValueListNode.create([...row.values.slice(0, at), ValueNode.create(phone), ...row.values.slice(at + 1), ValueNode.create(index)])
  })
  return { ...node, columns: [...columns, ColumnNode.create('phone_index')], values: ValuesNode.create(rows) }
}

function sealUpdate(node: UpdateQueryNode): UpdateQueryNode {
  const updates = node.updates ?? []
  const at = updates.findIndex((u) => ColumnNode.is(u.column) && u.column.column.name === 'phone')
  if (at < 0 || !ValueNode.is(updates[at].value)) return node
  const { phone, index } = sealed((updates[at].value as ValueNode).value)
  return {
    ...node,
    updates: [
      ...updates.slice(0, at),
      ColumnUpdateNode.create(updates[at].column, ValueNode.create(phone)),
      ...updates.slice(at + 1).filter((u) => !(ColumnNode.is(u.column) && u.column.column.name === 'phone_index')),
      ColumnUpdateNode.create(ColumnNode.create('phone_index'), ValueNode.create(index)),
    ],
  }
}

export class PhoneCipherPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node
    if (InsertQueryNode.is(node) && tableName(node.into) === TABLE) return sealInsert(node)
    if (UpdateQueryNode.is(node) && tableName(node.table) === TABLE) return sealUpdate(node)
    return node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows
    if (rows.length === 0 || !rows.some((r) => typeof r.phone === 'string' && isEncryptedPhone(r.phone))) return args.result
    for (const row of rows) {
      if (typeof row.phone === 'string' && isEncryptedPhone(row.phone)) row.phone = decryptPhone(row.phone)
    }
    return args.result
  }
}
