/*
 * A busy-wait lock that livelocks: the twin of bench/models/flag-lock.race (one racecheck step
 * = one d_step). The loop's test, `step while (flag[1 - i])`, is a step of its own: an option
 * per outcome, whose d_step only tests the flag (back off when it is up, go on to the critical
 * section when it is down). The LTL property: some process is at its release (past its critical
 * section) again and again.
 *   spin -a flag-lock.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a -f
 */
bool flag[2];

active [2] proctype p()
{
	do
	:: d_step { flag[_pid] = true };                          /* set_flag() */
again:	   if
	   :: d_step { flag[1 - _pid] };                          /* while (flag[1 - i]): up */
	      d_step { flag[_pid] = false };                      /* back_off() */
	      d_step { flag[_pid] = true };                       /* retry() */
	      goto again
	   :: d_step { !flag[1 - _pid] }                          /* while (flag[1 - i]): down */
	   fi;
	   d_step { skip };                                       /* critical_section() */
rel:       d_step { flag[_pid] = false }                          /* release() */
	od
}

ltl someone_enters { [] <> (p[0]@rel || p[1]@rel) }   /* rel: release is an LTL keyword */
