-- 实有吸毒人员 and N19. Every person registered here is a drug user the offices know of;
-- a person stays one of the unit's 实有吸毒人员 (counted by STAFF-2 and the staffing
-- report) until they leave dynamic control: three years after their last order ended
-- with no relapse found (N19), recorded by the sweep with the day it happened.
-- NULL: still under dynamic control.
ALTER TABLE persons ADD COLUMN left_control_on DATE;
-- the 实有 count per unit subtree without reading those who left
CREATE INDEX persons_in_control ON persons(unit_path) WHERE left_control_on IS NULL;
