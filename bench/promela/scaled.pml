/*
 * scaled.pml: SPIN model of models/btrfs-relocation/scaled.race, step for step.
 *
 * The state space is meant to be exactly that of racecheck, so that SPIN's
 * "states, stored" equals racecheck's "distinct" at every size:
 *
 *   spin -DDIO_NOCOW=2 -DBUFFERED=2 -a scaled.pml
 *   gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c
 *   ./pan -E -m100000
 *
 *   racecheck check models/btrfs-relocation/scaled.race --exhaust -D DIO_NOCOW=2 -D BUFFERED=2
 *
 * How the translation keeps the two state spaces equal:
 *
 *  - Every racecheck step is one d_step (one atomic transition). An `await`
 *    is the d_step's first statement, its guard.
 *  - racecheck decides `if` between steps as part of the next step, so
 *    `if c { step A } else { step B }` is `if :: d_step { c; A } :: d_step { !c; B } fi`,
 *    never `c -> d_step { A }` (which would be two transitions).
 *  - `for` loops over steps, which racecheck unrolls, are do-loops whose
 *    counter is a local variable; each loop exit is folded into the step that
 *    follows the loop, so the counter only renames racecheck's program counter.
 *  - A process that has finished waits at `end: false` rather than
 *    terminating (SPIN would otherwise add states while deleting it).
 *  - Processes are `active` (no init process). Arrays are 0-based here:
 *    racecheck's writer w and extent e are [w - 1] and [e - 1].
 *  - `call` frames and notes (-->) are display only in racecheck; they appear
 *    here as comments. Properties do not change the state space and are left
 *    out, except the `assert` of "relocation finishes" (used_bytes_zero) with
 *    -DASSERTS; pan stops at its first violation unless run with -A.
 *
 * Each d_step is commented with the racecheck step it mirrors.
 */

#ifndef DIO_COW
#define DIO_COW 1      /* direct IO writers that allocate a new extent */
#endif
#ifndef DIO_NOCOW
#define DIO_NOCOW 1    /* direct IO writers into an extent of X, in place */
#endif
#ifndef BUFFERED
#define BUFFERED 1     /* buffered writers flushed in nocow mode */
#endif
#ifndef EXTENTS
#define EXTENTS 2      /* extents of X that the nocow writers overwrite */
#endif
#ifndef FIXED
#define FIXED 0        /* 1: btrfs_inc/dec/wait_nocow_writers() of f78c436c */
#endif

/* The wait for ordered extents tests every writer in one guard expression,
 * unrolled up to MAXW writers of each kind. */
#define MAXW 8
#if DIO_COW < 1 || DIO_NOCOW < 1 || BUFFERED < 1 || EXTENTS < 1
#error "DIO_COW, DIO_NOCOW, BUFFERED and EXTENTS must be at least 1"
#endif
#if DIO_COW > MAXW || DIO_NOCOW > MAXW || BUFFERED > MAXW
#error "at most 8 writers of each kind (extend FORALL below)"
#endif

mtype = {
  OLD, NEW,                              /* Data */
  NOWHERE, OLD_PLACE, RELOCATED, IN_Y,   /* Where */
  NONE, PENDING, COMPLETE,               /* OE */
  CLEAN, DIRTY, LOCKED, FLUSHED          /* Pages */
};

/* Block group X. */
bool ro = false;
bool removed = false;
byte used = EXTENTS;                     /* 0..EXTENTS + DIO_COW */
byte reserved = 0;                       /* 0..DIO_COW */
byte pinned = 0;                         /* 0..EXTENTS + DIO_COW */
short reservations = 0;                  /* -1..DIO_COW (-1: decremented below zero) */
byte alloc_readers = 0;                  /* 0..DIO_COW */
short nocow_writers = 0;                 /* -1..DIO_NOCOW + BUFFERED */
byte trans_handles = 0;                  /* 0..BUFFERED: joined transaction handles */

/* The extents of X that nocow writers overwrite (always in X, in the commit root at the start). */
bool item[EXTENTS] = true;
bool committed[EXTENTS] = true;
mtype disk[EXTENTS] = OLD;
mtype written[EXTENTS] = OLD;
mtype file[EXTENTS] = OLD_PLACE;
mtype reloc_pages[EXTENTS] = OLD;
bool copied[EXTENTS] = false;
mtype relocated[EXTENTS] = OLD;

/* The new extent of each COW writer: where it was allocated, its items, its file extent. */
bool b_in_x[DIO_COW] = false;
bool b_item[DIO_COW] = false;
bool b_committed[DIO_COW] = false;
bool b_ref_queued[DIO_COW] = false;
mtype b_file[DIO_COW] = NOWHERE;
bool b_copied[DIO_COW] = false;

/* Ordered extents and delalloc. */
mtype oe_cow[DIO_COW] = NONE;
mtype oe_dio[DIO_NOCOW] = NONE;
bool oe_dio_in_x[DIO_NOCOW] = false;
mtype oe_buf[BUFFERED] = NONE;
bool oe_buf_in_x[BUFFERED] = false;
mtype pages[BUFFERED] = CLEAN;

/* Scratch index for loops inside a d_step; hidden: not part of the state. */
hidden byte i;

/* Writer w of each kind (0-based) from _pid: relocation is pid 0, then the
 * COW writers, the nocow direct IO writers and the buffered writers. */
#define W_COW (_pid - 1)
#define W_DIO (_pid - 1 - DIO_COW)
#define W_BUF (_pid - 1 - DIO_COW - DIO_NOCOW)

/* def dio_extent(w) = (w - 1) % EXTENTS + 1 and def buf_extent(w) = (DIO_NOCOW + w - 1) % EXTENTS + 1:
 * the nocow writers of both kinds are numbered one after the other, so both
 * are (_pid - 1 - DIO_COW) % EXTENTS, written with a non-negative dividend
 * (adding a multiple of EXTENTS) so that gcc sees no negative index. */
#define NOCOW_EXTENT ((_pid + (DIO_COW + 1) * (EXTENTS - 1)) % EXTENTS)
#define DIO_EXTENT NOCOW_EXTENT
#define BUF_EXTENT NOCOW_EXTENT

/* forall w in 1..MAXW: P(w - 1), with P(k) true for k beyond the array */
#define FORALL(P) (P(0) && P(1) && P(2) && P(3) && P(4) && P(5) && P(6) && P(7))

/* proc atomic_dec(c) */
inline atomic_dec(c) {
  if
  :: c >= 0 -> c--
  :: else
  fi
}

/* proc commit() */
inline commit() {
  for (i : 0 .. DIO_COW - 1) {
    if
    :: b_ref_queued[i] ->
       b_ref_queued[i] = false;
       b_item[i] = true;
       if
       :: b_in_x[i] -> reserved--; used++
       :: else
       fi
    :: else
    fi
  }
  pinned = 0;
  for (i : 0 .. EXTENTS - 1) { committed[i] = item[i] }
  for (i : 0 .. DIO_COW - 1) { b_committed[i] = (b_item[i] && b_in_x[i]) };
  skip   /* (spin -a rejects a d_step ending in a loop when a do or d_step follows) */
}

/* No COW writer from cw on has an extent of X in the commit root (k beyond the array: true). */
#define NOT_FOUND(k) ((k) >= DIO_COW || (k) < cw || !b_committed[k])

#define COW_DONE(k) ((k) >= DIO_COW || !waiting_cow[k] || oe_cow[k] == COMPLETE)
#define DIO_DONE(k) ((k) >= DIO_NOCOW || !waiting_dio[k] || oe_dio[k] == COMPLETE)
#define BUF_DONE(k) ((k) >= BUFFERED || !waiting_buf[k] || oe_buf[k] == COMPLETE)

/* process relocation "CPU 1" */
active proctype relocation() {
  bool waiting_cow[DIO_COW] = false;
  bool waiting_dio[DIO_NOCOW] = false;
  bool waiting_buf[BUFFERED] = false;
  /* Loop counters: they rename racecheck's program counter inside the loops
   * of relocate_block_group(MOVE_DATA_EXTENTS) and do not add states. */
  byte e = 0;    /* for e in 1..EXTENTS: at extent e + 1 */
  byte cw = 0;   /* for w in 1..DIO_COW: at COW writer cw + 1; DIO_COW: at the commit; DIO_COW + 1: past it */

  /* btrfs_relocate_block_group(bg X) */
  d_step { ro = true }                                    /* btrfs_inc_block_group_ro(bg X) */
  /* btrfs_wait_block_group_reservations(bg X) */
  d_step { alloc_readers == 0 }                           /* down_write(&space_info->groups_sem) */
  d_step { reservations == 0 }                            /* wait_on_atomic_t(&bg->reservations) */
#if FIXED
  d_step { nocow_writers == 0 }                           /* btrfs_wait_nocow_writers(bg X) */
#endif
  d_step {                                                /* btrfs_wait_ordered_roots() */
    for (i : 0 .. DIO_COW - 1) { waiting_cow[i] = (oe_cow[i] == PENDING && b_in_x[i]) }
    for (i : 0 .. DIO_NOCOW - 1) { waiting_dio[i] = (oe_dio[i] == PENDING && oe_dio_in_x[i]) }
    for (i : 0 .. BUFFERED - 1) { waiting_buf[i] = (oe_buf[i] == PENDING && oe_buf_in_x[i]) }
  }
  d_step { FORALL(COW_DONE) && FORALL(DIO_DONE) && FORALL(BUF_DONE) }   /* step (await the ordered extents) */

  /* relocate_block_group(rc->stage == MOVE_DATA_EXTENTS) */
  d_step { trans_handles == 0; commit() }                 /* prepare_to_relocate(): btrfs_commit_transaction() */
  do
  /* for e in 1..EXTENTS */
  :: d_step { e < EXTENTS }                               /* find_next_extent() --> returns extent e + 1 of bg X */
     d_step {                                             /* relocate_data_extent(): relocate_file_extent_cluster() */
       reloc_pages[e] = disk[e];
       copied[e] = true;
       e++
     }
  /* for w in 1..DIO_COW { if b_committed[w] { step find_next_extent() } }
   * then step btrfs_commit_transaction(): from COW writer cw + 1, the first
   * writer whose condition holds has its extent copied, or, if none, commit
   * (which waits for the joined handles). */
  :: d_step {                                             /* find_next_extent() --> returns the extent that COW writer i allocated, and copies it */
       e == EXTENTS && cw < DIO_COW && !FORALL(NOT_FOUND);
       i = cw;
       do
       :: i < DIO_COW && !b_committed[i] -> i++
       :: else -> break
       od;
       b_copied[i] = true;
       cw = i + 1
     }
  :: d_step {                                             /* btrfs_commit_transaction() */
       e == EXTENTS && cw <= DIO_COW && FORALL(NOT_FOUND) && trans_handles == 0;
       commit();
       cw = DIO_COW + 1
     }
  :: d_step {                                             /* btrfs_wait_ordered_range() --> writes all the pages read before to disk */
       cw > DIO_COW;
       for (i : 0 .. EXTENTS - 1) { relocated[i] = reloc_pages[i] }
     };
     break
  od;

  /* relocate_block_group(rc->stage == UPDATE_DATA_PTRS) */
  if    /* (a one-option if: SPIN rejects a break to a d_step; it adds no transition) */
  :: d_step { trans_handles == 0; commit() }              /* prepare_to_relocate(): btrfs_commit_transaction() */
  fi;
  d_step {                                                /* replace_file_extents() */
    for (i : 0 .. EXTENTS - 1) {
      if
      :: file[i] == OLD_PLACE -> file[i] = RELOCATED
      :: else
      fi;
      item[i] = false;
      used--;
      pinned++
    }
    for (i : 0 .. DIO_COW - 1) {
      if
      :: b_committed[i] && b_copied[i] ->
         if
         :: b_file[i] == OLD_PLACE -> b_file[i] = RELOCATED
         :: else
         fi;
         b_item[i] = false;
         used--;
         pinned++
      :: else
      fi
    }
  }
  d_step { trans_handles == 0; commit() }                 /* btrfs_commit_transaction() */
  d_step {                                                /* "relocation finishes" */
#ifdef ASSERTS
    assert(used == 0 && reserved == 0 && pinned == 0)     /* used_bytes_zero */
#else
    skip
#endif
  }
  d_step { removed = true }                               /* btrfs_remove_chunk(bg X) */
end:
  false
}

/* process dio_cow_writer[w in 1..DIO_COW] "CPU 2" */
inline alloc_reserved_file_extent() {                     /* btrfs_alloc_reserved_file_extent() */
  oe_cow[W_COW] = COMPLETE;
  b_file[W_COW] = OLD_PLACE;
  b_ref_queued[W_COW] = true
}

active [DIO_COW] proctype dio_cow_writer() {
  bool failed = false;
  d_step { skip }                                         /* "starts direct IO write" */
  /* btrfs_direct_IO(): btrfs_new_extent_direct(): btrfs_reserve_extent() */
  d_step {                                                /* find_free_extent() */
    alloc_readers++;
    b_in_x[W_COW] = !ro;
    if
    :: b_in_x[W_COW] -> reserved++
    :: else
    fi
  }
  d_step {                                                /* btrfs_inc_block_group_reservations() */
    if
    :: b_in_x[W_COW] -> reservations++
    :: else
    fi;
    alloc_readers--
  }
  d_step {                                                /* btrfs_add_ordered_extent_dio(), and the bio's mapping */
    oe_cow[W_COW] = PENDING;
    if
    :: removed && b_in_x[W_COW] -> failed = true          /* --> unable to find logical: -EIO */
    :: else
    fi
  }
  if
  :: d_step { b_in_x[W_COW]; atomic_dec(reservations) }   /* btrfs_dec_block_group_reservations(bg X) */
     if
     :: d_step { !failed; alloc_reserved_file_extent() }  /* btrfs_finish_ordered_io(): btrfs_alloc_reserved_file_extent() */
     :: d_step { failed }                                 /* the end, reached through control flow (if !failed) */
     fi
  :: d_step { !b_in_x[W_COW]; alloc_reserved_file_extent() }   /* same step, when the if above is false (then never failed) */
  fi;
end:
  false
}

/* process dio_nocow_writer[w in 1..DIO_NOCOW] "CPU 2" */
inline inc_nocow_writers(nocow) {                         /* btrfs_inc_nocow_writers(bg X) */
  nocow = !ro;
  if
  :: nocow -> nocow_writers++
  :: else                                                 /* --> returns false, bg X became read-only: falls back to COW */
  fi
}

inline new_extent_direct() {                              /* btrfs_new_extent_direct() --> allocates a new extent from bg Y */
  oe_dio[W_DIO] = PENDING
}

active [DIO_NOCOW] proctype dio_nocow_writer() {
  bool nocow = false;
  bool failed = false;
  d_step { skip }                                         /* "direct IO write starts against extent {dio_extent(w)} of bg X in nocow mode" */
  /* btrfs_direct_IO(): btrfs_get_blocks_direct() */
  d_step { nocow = !ro }                                  /* step --> can_nocow_extent() returns 1 or 0 */
#if FIXED
  if                                                      /* if FIXED && nocow */
  :: d_step { nocow; inc_nocow_writers(nocow) }           /* btrfs_inc_nocow_writers(bg X) */
  :: d_step { !nocow; new_extent_direct() }; goto dio_submit   /* btrfs_new_extent_direct(), when the if above is false */
  fi;
#endif
  if
  :: d_step { nocow; oe_dio[W_DIO] = PENDING; oe_dio_in_x[W_DIO] = true }   /* step --> creates DIO ordered extent */
#if FIXED
     d_step { atomic_dec(nocow_writers) }                 /* btrfs_dec_nocow_writers(bg X) */
#endif
  :: d_step { !nocow; new_extent_direct() }               /* btrfs_new_extent_direct() */
  fi;
dio_submit:
  if
  :: d_step {                                             /* btrfs_submit_direct() */
       nocow;
       if
       :: removed -> failed = true; oe_dio[W_DIO] = COMPLETE   /* --> unable to find logical: -EIO */
       :: else
       fi
     }
     if
     :: d_step {                                          /* "bio completes and wrote new data to the old location of the block group" */
          !failed;
          disk[DIO_EXTENT] = NEW;
          written[DIO_EXTENT] = NEW;
          oe_dio[W_DIO] = COMPLETE
        }
     :: d_step { failed }                                 /* the end, reached through control flow (if !failed) */
     fi
  :: d_step {                                             /* "bio completes and wrote new data to the new extent in bg Y" */
       !nocow;
       file[DIO_EXTENT] = IN_Y;
       written[DIO_EXTENT] = NEW;
       oe_dio[W_DIO] = COMPLETE
     }
  fi;
end:
  false
}

/* process buffered_nocow_writer[w in 1..BUFFERED] "CPU 2" */
inline cow_file_range() {                                 /* cow_file_range() --> allocates a new extent from bg Y and creates its ordered extent */
  oe_buf[W_BUF] = PENDING
}

active [BUFFERED] proctype buffered_nocow_writer() {
  bool nocow = false;
  bool failed = false;
  d_step { pages[W_BUF] = DIRTY }                         /* "buffered write to extent {buf_extent(w)} of bg X, inode in nocow mode" */
  /* run_delalloc_range() */
  d_step { pages[W_BUF] = LOCKED }                        /* find_lock_delalloc_range() */
  /* run_delalloc_nocow() */
  d_step { trans_handles++ }                              /* btrfs_join_transaction() */
  d_step { nocow = !ro }                                  /* step --> btrfs_extent_readonly() returns false or true */
#if FIXED
  if                                                      /* if FIXED && nocow */
  :: d_step { nocow; inc_nocow_writers(nocow) }           /* btrfs_inc_nocow_writers(bg X) */
  :: d_step { !nocow; cow_file_range() }; goto buf_unlock /* cow_file_range(), when the if above is false */
  fi;
#endif
  if
  :: d_step { nocow; oe_buf[W_BUF] = PENDING; oe_buf_in_x[W_BUF] = true }   /* btrfs_add_ordered_extent() --> creates the nocow ordered extent */
#if FIXED
     d_step { atomic_dec(nocow_writers) }                 /* btrfs_dec_nocow_writers(bg X) */
#endif
  :: d_step { !nocow; cow_file_range() }                  /* cow_file_range() */
  fi;
buf_unlock:
  if    /* (a one-option if: SPIN rejects a goto to a d_step; it adds no transition) */
  :: d_step { pages[W_BUF] = FLUSHED }                    /* extent_clear_unlock_delalloc() */
  fi;
  d_step { trans_handles-- }                              /* btrfs_end_transaction() */
  if
  :: d_step {                                             /* submit_extent_page() */
       nocow;
       if
       :: removed -> failed = true                        /* --> unable to find logical: BUG */
       :: else
       fi
     }
     if
     :: d_step {                                          /* "bio completes and wrote new data to the old location of the block group" */
          !failed;
          disk[BUF_EXTENT] = NEW;
          written[BUF_EXTENT] = NEW;
          oe_buf[W_BUF] = COMPLETE
        }
     :: d_step { failed }                                 /* the end, reached through control flow (if !failed) */
     fi
  :: d_step {                                             /* "bio completes and wrote new data to the new extent in bg Y" */
       !nocow;
       file[BUF_EXTENT] = IN_Y;
       written[BUF_EXTENT] = NEW;
       oe_buf[W_BUF] = COMPLETE
     }
  fi;
end:
  false
}
