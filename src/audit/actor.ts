/** Who made an admin change, as the audit trail records it: any signed-in caller will do. */
export interface Actor {
  id: number;
}
