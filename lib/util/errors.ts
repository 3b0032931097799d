/*
 * The kinds of failure edgefleet reports. Every error edgefleet throws on
 * purpose is an instance of exactly one of these (the specific classes of
 * the stages extend them and add what they carry); the CLI maps each kind to
 * one exit code (lib/cli/exit-codes.ts). An error of none of these kinds is
 * a Node system error (I/O) or a bug.
 */

/** Root of edgefleet's typed errors; `name` is the class name. */
export abstract class EdgefleetError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What edgefleet was given is wrong: the fleet definition, the fleet file, the shard outputs to merge. Fix the input. */
export class InvalidInputError extends EdgefleetError {}

/** A gate refused the operation (order, soak, health of the wave before); nothing was moved. */
export class RefusedError extends EdgefleetError {}

/**
 * The command cannot run as asked: an option or argument is wrong, or a
 * directory, ref or registry it names is not what it needs (not a tree
 * edgefleet wrote, not a Git work tree, files edgefleet owns have
 * uncommitted changes). Nothing was changed.
 */
export class UsageError extends EdgefleetError {}

/** Another edgefleet run holds the directory (its lock). Nothing was changed. */
export class LockedError extends EdgefleetError {}

/** Writing failed part way; the message says what state the output is left in. */
export class WriteError extends EdgefleetError {}

/** A service or program edgefleet relies on (an OCI registry, Prometheus, git) could not be reached or failed. */
export class ServiceError extends EdgefleetError {}
