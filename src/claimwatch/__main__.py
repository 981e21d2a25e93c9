from claimwatch.cli import main

main()
