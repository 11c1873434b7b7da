"""What several test modules share: workbooks made by hand, the hostile-file corpus, running the
command line in or out of process, and comparing cell values. Test modules import these
(``from tests.helpers.workbooks import hand_made``); conftest.py files hold only fixtures."""
