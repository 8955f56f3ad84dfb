"""Exercise checks: specific, friendly feedback for the tasks in ``exercises/``.

Convention for exercise notebooks (instructor source):

.. code-block:: python

    answer_1 = ...   # students replace ... with their answer
    ### BEGIN SOLUTION
    answer_1 = float(pharmacology.occupancy(135, "ng/mL"))
    ### END SOLUTION

followed by a check cell ``check.task_1(answer_1)``. Student copies drop the
solution lines, so the variable stays ``...`` and the check reports
"not attempted" instead of crashing.
"""

from ketcourse.exercises.feedback import Feedback, check_choice, check_quantity, check_reflection, not_attempted

__all__ = ["Feedback", "check_choice", "check_quantity", "check_reflection", "not_attempted"]
