/** A project: a namespace labelled `ambient-code.io/managed=true` (CONTRACT.md §1). */
export interface Project {
  name: string;
  displayName: string;
  createdAt?: string;
  phase?: string;
}
