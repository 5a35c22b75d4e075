"""The head of sales' reports and the trainers' agreement view, each also as a table for CSV and XLSX.

Reports count the answers of reps (users with the trainee role), grouped by the team they are in now; a test
answer counts once its test is finished. Periods are whole UTC days; by default the last 12 weeks.

- `period`: the period a report covers and the answers it counts;
- `query`: SQL helpers the reports (and the team screen) share;
- `team`: the team reports (heat map, weakest steps, activity per week, stop phrases used);
- `certification`: the certification matrix, reps × assigned tracks;
- `drill_down`: one rep's answers;
- `agreement`: how the scorer agrees with trainers, per step;
- `samples`: the job that scores the trainers' graded sample answers, for the agreement;
- `export`: reports as tables, and tables as CSV (XLSX: `api.services.spreadsheets`).
"""
