#!/bin/sh
# Five disjoint 80/20 folds of u.data, then ua/ub with 10 test ratings per user.
# (Synthetic-data reimplementation.)
trap `rm -f tmp.$$; exit 1` 1 2 15
n=`wc -l < u.data`
fold=`expr $n / 5`
for i in 1 2 3 4 5
do
  head -`expr $i \* $fold` u.data | tail -$fold > tmp.$$
  sort -t"	" -k 1,1n -k 2,2n tmp.$$ > u$i.test
  head -`expr \( $i - 1 \) \* $fold` u.data > tmp.$$
  tail -`expr \( 5 - $i \) \* $fold + $n % 5` u.data >> tmp.$$
  sort -t"	" -k 1,1n -k 2,2n tmp.$$ > u$i.base
done
allbut.pl ua 1 10 $n u.data
sort -t"	" -k 1,1n -k 2,2n ua.base > tmp.$$; mv tmp.$$ ua.base
sort -t"	" -k 1,1n -k 2,2n ua.test > tmp.$$; mv tmp.$$ ua.test
allbut.pl ub 11 20 $n u.data
sort -t"	" -k 1,1n -k 2,2n ub.base > tmp.$$; mv tmp.$$ ub.base
sort -t"	" -k 1,1n -k 2,2n ub.test > tmp.$$; mv tmp.$$ ub.test
